package authsuite.common.jwt.keys;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * A response body collected up to a byte limit. Counting while the body streams in, rather than trusting
 * {@code Content-Length}, is what bounds memory against a chunked or lying response. Past the limit the stream
 * reports itself full and never drains: the response stays paused until the request's idle timeout closes the
 * connection. (Failing the write instead would make the client resume and read the rest, however long, to discard it.)
 */
final class BoundedBody implements BodyCodec<Buffer> {
  private final int maxBytes;
  private volatile boolean overflowed;

  private BoundedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static BoundedBody upTo(int maxBytes) {
    return new BoundedBody(maxBytes);
  }

  /** Whether the body went over the limit: the request then fails by timeout, and this says why. */
  boolean overflowed() {
    return overflowed;
  }

  VertxException tooLarge() {
    return new VertxException("response larger than " + maxBytes + " bytes", true);
  }

  @Override
  public BodyStream<Buffer> stream() {
    return new BodyStream<>() {
      private final Buffer body = Buffer.buffer();
      private final Promise<Buffer> result = Promise.promise();

      @Override
      public Future<Buffer> result() {
        return result.future();
      }

      @Override
      public void handle(Throwable failure) {
        result.tryFail(failure);
      }

      @Override
      public Future<Void> write(Buffer chunk) {
        if (!overflowed && body.length() + chunk.length() > maxBytes) {
          overflowed = true;
          result.tryFail(tooLarge());
        }
        if (!overflowed) {
          body.appendBuffer(chunk);
        }
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> end() {
        result.tryComplete(body);
        return Future.succeededFuture();
      }

      @Override
      public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
      }

      @Override
      public boolean writeQueueFull() {
        return overflowed;
      }

      @Override
      public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
      }
    };
  }
}
