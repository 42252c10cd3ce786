package authsuite.wsgateway;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a test client receives: whole messages (text as String, binary as Buffer), pongs, and how it was closed. */
final class Received {
  final WebSocket socket;
  final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<Buffer> pongs = new LinkedBlockingQueue<>();
  final Promise<Short> closed = Promise.promise();
  volatile String closeReason;

  Received(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(messages::add);
    socket.binaryMessageHandler(messages::add);
    socket.pongHandler(pongs::add);
    socket.closeHandler(v -> {
      closeReason = socket.closeReason();
      closed.tryComplete(socket.closeStatusCode());
    });
  }

  Object next(Duration within) throws InterruptedException {
    Object message = messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + within);
    }
    return message;
  }

  short closeCode(Duration within) {
    try {
      return closed.future().toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("not closed within " + within, e);
    }
  }

  boolean isOpen() {
    return !closed.future().isComplete();
  }
}
