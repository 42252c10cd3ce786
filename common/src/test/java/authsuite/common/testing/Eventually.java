package authsuite.common.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way a test waits for something to happen: read again every {@link #STEP} until the answer is the awaited
 * one, and fail with the last answer once the patience is spent. For JUnit threads (vertx-junit5 tests that
 * {@code .await()} futures): with a {@link Vertx} it pauses on a timer, without one on the calling thread.
 * A test that must let time pass (an expiry, rounds in which nothing more may happen) says so where it sleeps.
 */
public final class Eventually {
  /** How long between two reads. */
  public static final Duration STEP = Duration.ofMillis(50);

  private Eventually() {
  }

  /** The first answer of {@code read} that is {@code done}, read every {@link #STEP} for at most {@code patience}. */
  public static <T> T until(Vertx vertx, Supplier<T> read, Predicate<? super T> done, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + patience.toMillis() + " ms; last answer: " + describe(last));
      }
      pause(vertx);
      last = read.get();
    }
    return last;
  }

  /** As {@link #until(Vertx, Supplier, Predicate, Duration)}, pausing on the calling thread. */
  public static <T> T until(Supplier<T> read, Predicate<? super T> done, Duration patience) {
    return until(null, read, done, patience);
  }

  /** Until {@code condition} holds; {@code what} names it in the failure. */
  public static void until(Vertx vertx, String what, BooleanSupplier condition, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + patience.toMillis() + " ms: " + what);
      }
      pause(vertx);
    }
  }

  /** As {@link #until(Vertx, String, BooleanSupplier, Duration)}, pausing on the calling thread. */
  public static void until(String what, BooleanSupplier condition, Duration patience) {
    until(null, what, condition, patience);
  }

  /** The last answer in the failure: a JSON object pretty-printed, an HTTP answer as its status and body. */
  private static String describe(Object last) {
    if (last instanceof JsonObject json) {
      return json.encodePrettily();
    }
    if (last instanceof HttpResponse<?> answer) {
      return answer.statusCode() + " " + answer.bodyAsString();
    }
    return String.valueOf(last);
  }

  private static void pause(Vertx vertx) {
    if (vertx != null) {
      vertx.timer(STEP.toMillis()).await();
      return;
    }
    try {
      Thread.sleep(STEP.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
