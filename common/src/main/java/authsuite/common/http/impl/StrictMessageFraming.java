package authsuite.common.http.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Refuses, at the decoder, an HTTP/1.1 request that carries both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked}. Netty frames such a request by the chunked coding and removes
 * {@code Content-Length} before Vert.x sees it, so no handler can tell it from an honest chunked
 * request; but a proxy in front may have framed it by the length, and the bytes after would then be a
 * second request to one side only (request smuggling). RFC 9112 6.1 lets a server reject it and
 * requires closing the connection after answering: the decoder fails the message, Vert.x hands it
 * to the server's invalid-request handler, and nothing after it on the connection is read.
 * Vert.x has no option for this, so the decoder of each new connection is replaced through its
 * internal connection class; if a later Vert.x moves it, this warns once and the security test of
 * ambiguous framing fails, rather than the service failing to start.
 */
public final class StrictMessageFraming {
  private static final Logger LOG = LoggerFactory.getLogger(StrictMessageFraming.class);
  private static final String DECODER = "httpDecoder";
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private StrictMessageFraming() {
  }

  /** The connection handler of a server with these options: swaps in the strict decoder on HTTP/1.x connections. */
  public static void install(HttpConnection connection, HttpServerOptions options) {
    if (!(connection instanceof ConnectionBase base)) {
      if (!WARNED.getAndSet(true)) {
        LOG.warn("cannot install the strict HTTP/1.1 decoder: requests with both Content-Length and Transfer-Encoding "
            + "would be framed by Transfer-Encoding alone", kv("connection", connection.getClass().getName()));
      }
      return;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    // an HTTP/2 connection has no HTTP/1 decoder, and its frames carry their own lengths
    if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder decoder && !(decoder instanceof Decoder)) {
      pipeline.replace(DECODER, DECODER, new Decoder(options));
    }
  }

  /** The failure a decoder reports for a request that carries both framings. */
  public static final class AmbiguousFraming extends RuntimeException {
    AmbiguousFraming() {
      super("Content-Length and Transfer-Encoding together", null, false, false);
    }
  }

  /** The failure a decoder reports for a carriage return, in a request's head, that does not end a line. */
  public static final class BareCarriageReturn extends RuntimeException {
    BareCarriageReturn() {
      super("a bare CR in the request head", null, false, false);
    }
  }

  private static final class Decoder extends VertxHttpRequestDecoder {
    /** True between messages and while a head is being read; a body's bytes are never scanned. */
    private boolean readingHead = true;
    private boolean discarding;

    Decoder(HttpServerOptions options) {
      super(options);
    }

    /**
     * A CR in a request's head must end a line (RFC 9112 2.2). Netty waits for the LF that never comes, so
     * a head broken by bare CRs would hang until the header deadline; refused here instead, it is the
     * invalid request Netty makes of any other malformed head, and gets its 400 problem.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      if (discarding) {
        in.skipBytes(in.readableBytes());
        return;
      }
      if (readingHead && hasBareCarriageReturn(in)) {
        discarding = true;
        in.skipBytes(in.readableBytes());
        HttpMessage invalid = createInvalidMessage();
        invalid.setDecoderResult(DecoderResult.failure(new BareCarriageReturn()));
        out.add(invalid);
        return;
      }
      int before = out.size();
      super.decode(ctx, in, out);
      for (int i = before; i < out.size(); i++) {
        Object decoded = out.get(i);
        if (decoded instanceof HttpMessage) {
          readingHead = false;
        }
        if (decoded instanceof LastHttpContent) {
          readingHead = true;
        }
      }
    }

    /** Scans up to the blank line that ends the head; a CR that is the last byte read so far may still get its LF. */
    private static boolean hasBareCarriageReturn(ByteBuf in) {
      int end = in.writerIndex();
      for (int i = in.readerIndex(); i < end - 1; i++) {
        if (in.getByte(i) != '\r') {
          continue;
        }
        if (in.getByte(i + 1) != '\n') {
          return true;
        }
        if (i + 3 < end && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
          return false;
        }
      }
      return false;
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      throw new AmbiguousFraming();
    }

    /**
     * HTTP/1.1 and HTTP/1.0, spelled exactly, and nothing else: netty takes any {@code NAME/m.n} as a version,
     * and Vert.x then answers a bare 501 whose status line echoes the client's version ({@code FOO/1.1 501}),
     * which no client can read. Refused here, the request becomes an invalid one and gets its 400 problem.
     */
    @Override
    protected HttpMessage createMessage(String[] initialLine) {
      if (initialLine.length < 3 || !(initialLine[2].equals("HTTP/1.1") || initialLine[2].equals("HTTP/1.0"))) {
        throw new IllegalArgumentException("unsupported HTTP version");
      }
      return super.createMessage(initialLine);
    }
  }
}
