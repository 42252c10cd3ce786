package authsuite.common.http.impl;

import authsuite.common.http.HttpDeadlines;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Ends an HTTP/1.1 connection whose client is too slow to send a request's head or body, or that sits idle between
 * requests ({@link HttpDeadlines}; docs/robustness.md, connection deadlines). Vert.x's own idle timeout counts every
 * quiet moment, including those of a server-sent event stream or a WebSocket waiting for its next message, and it has
 * no deadline for a head trickled a byte at a time; so the connection's state is followed here, at the decoder: one
 * handler before it sees the bytes a request starts with, one after it sees the decoded request and the answer going
 * out. A connection that switches protocols (101) leaves both: a WebSocket has its own deadlines.
 * Installed like {@link StrictMessageFraming}, through Vert.x's internal connection class.
 */
public final class ConnectionDeadlines {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);
  private static final String DECODER = "httpDecoder";
  private static final String HANDLER = "handler";
  private static final String BYTES = "deadlineBytes";
  private static final String MESSAGES = "deadlineMessages";
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private final long headNanos;
  private final long bodyNanos;
  private final long idleNanos;
  /** The furthest the timer is ever set: no deadline is shorter, so a pending timer always fires by the next deadline. */
  private final long tickNanos;
  private final Runnable check = this::check;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  /** The deadline running, or null while a request is being answered; checked by the one timer of the connection. */
  private String deadline;
  private long deadlineAt;
  private Phase phase = Phase.HEAD;
  /** Requests read whose answer has not ended yet. */
  private int answering;

  private enum Phase { IDLE, HEAD, BODY, READ }

  private ConnectionDeadlines(HttpDeadlines deadlines) {
    headNanos = deadlines.head().toNanos();
    bodyNanos = deadlines.body().toNanos();
    idleNanos = deadlines.idle().toNanos();
    tickNanos = Math.min(headNanos, Math.min(bodyNanos, idleNanos));
  }

  /** The connection handler of a server with these deadlines: follows HTTP/1.x connections from their first byte. */
  public static void install(HttpConnection connection, HttpDeadlines deadlines) {
    if (!(connection instanceof ConnectionBase base)) {
      if (!WARNED.getAndSet(true)) {
        LOG.warn("cannot install the connection deadlines: slow or idle clients keep their connections",
            kv("connection", connection.getClass().getName()));
      }
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder && pipeline.get(HANDLER) != null && pipeline.get(BYTES) == null) {
      ConnectionDeadlines state = new ConnectionDeadlines(deadlines);
      pipeline.addBefore(DECODER, BYTES, state.new Bytes());
      pipeline.addBefore(HANDLER, MESSAGES, state.new Messages());
    }
  }

  private void started(ChannelHandlerContext context) {
    ctx = context;
    arm(headNanos, "head");
  }

  /** Bytes arrived before the decoder: the first of a request starts its head deadline. */
  private void bytesArrived() {
    if (phase == Phase.IDLE || phase == Phase.READ) {
      phase = Phase.HEAD;
      arm(headNanos, "head");
    }
  }

  private void requestDecoded(Object message) {
    if (message instanceof HttpRequest) {
      answering++;
      phase = Phase.BODY;
      arm(bodyNanos, "body");
    }
    if (message instanceof LastHttpContent) {
      phase = Phase.READ;
      if (answering == 0) {
        idle();
      } else {
        disarm();
      }
    }
  }

  private void answerWritten(Object message) {
    if (message instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
      if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        leave();
      }
      return;
    }
    if (message instanceof LastHttpContent) {
      // an answer may end before its request's body has (a 413): the connection is idle once both have
      answering = Math.max(0, answering - 1);
      if (answering == 0 && phase == Phase.READ) {
        idle();
      }
    }
  }

  private void idle() {
    phase = Phase.IDLE;
    arm(idleNanos, "idle");
  }

  /**
   * Moves the connection's deadline without touching its timer when one is pending: a timer per request (three, each
   * created and cancelled) was a good part of what every request cost. The timer checks and re-arms itself instead.
   */
  private void arm(long afterNanos, String name) {
    deadline = name;
    deadlineAt = System.nanoTime() + afterNanos;
    if (timer == null) {
      timer = ctx.executor().schedule(check, Math.min(afterNanos, tickNanos), TimeUnit.NANOSECONDS);
    }
  }

  private void check() {
    timer = null;
    if (deadline == null) {
      return;
    }
    long left = deadlineAt - System.nanoTime();
    if (left > 0) {
      timer = ctx.executor().schedule(check, Math.min(left, tickNanos), TimeUnit.NANOSECONDS);
      return;
    }
    LOG.debug("connection deadline passed; closing", kv("deadline", deadline), kv("remote", String.valueOf(ctx.channel().remoteAddress())));
    ctx.channel().close();
  }

  /** No deadline while a request is answered; a pending timer finds none and stops. */
  private void disarm() {
    deadline = null;
  }

  private void cancel() {
    deadline = null;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void leave() {
    cancel();
    ChannelPipeline pipeline = ctx.pipeline();
    if (pipeline.get(BYTES) != null) {
      pipeline.remove(BYTES);
    }
    if (pipeline.get(MESSAGES) != null) {
      pipeline.remove(MESSAGES);
    }
  }

  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext context) {
      started(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      if (message instanceof ByteBuf bytes && bytes.isReadable()) {
        bytesArrived();
      }
      context.fireChannelRead(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      cancel();
      context.fireChannelInactive();
    }
  }

  private final class Messages extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      requestDecoded(message);
      context.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
      context.write(message, promise);
      answerWritten(message);
    }
  }
}
