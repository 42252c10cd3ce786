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
 * {@code Content-Length}, is what bounds memory against a chunked or lying response.
 */
final class BoundedBody implements BodyCodec<Buffer> {
  private final int maxBytes;

  private BoundedBody(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  static BoundedBody upTo(int maxBytes) {
    return new BoundedBody(maxBytes);
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
        if (body.length() + chunk.length() > maxBytes) {
          var tooLarge = new VertxException("response larger than " + maxBytes + " bytes", true);
          result.tryFail(tooLarge);
          return Future.failedFuture(tooLarge);
        }
        body.appendBuffer(chunk);
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
        return false;
      }

      @Override
      public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
      }
    };
  }
}
