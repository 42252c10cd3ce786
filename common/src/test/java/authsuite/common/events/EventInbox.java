package authsuite.common.events;

import io.vertx.core.Handler;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Collects the events a handler receives so the test thread can wait for them, boundedly. */
final class EventInbox implements Handler<AuthEvent> {

  private static final long PATIENCE_S = 5;

  private final BlockingQueue<AuthEvent> received = new LinkedBlockingQueue<>();

  @Override
  public void handle(AuthEvent event) {
    received.add(event);
  }

  AuthEvent next() {
    try {
      AuthEvent event = received.poll(PATIENCE_S, TimeUnit.SECONDS);
      if (event == null) {
        fail("no auth event arrived within " + PATIENCE_S + " s");
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean isEmpty() {
    return received.isEmpty();
  }
}
