package authsuite.common.platform;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a service built, each registered for closing as it is built, and closed in reverse order: what was built on
 * something closes before it. A failed close does not keep the rest open. A verticle registers its platform first and
 * its server last, so a stop closes the server first (nothing new comes in), then what was built, newest first, and
 * the platform last.
 */
public final class Closeables {
  private final Deque<Supplier<Future<?>>> closers = new ArrayDeque<>();

  /** Registers {@code resource} to be closed by {@code close}; answers it, so that it can be built in place. */
  public <T> T add(T resource, Function<? super T, ? extends Future<?>> close) {
    closers.push(() -> close.apply(resource));
    return resource;
  }

  /** As {@link #add}, for a resource whose close is done when it returns. */
  public <T> T addSync(T resource, Consumer<? super T> close) {
    return add(resource, r -> {
      close.accept(r);
      return Future.succeededFuture();
    });
  }

  /** Closes everything registered so far, newest first, each after the one before it; never fails. */
  public Future<Void> close() {
    Supplier<Future<?>> next = closers.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    Future<?> closed;
    try {
      closed = next.get();
    } catch (RuntimeException e) {
      closed = Future.failedFuture(e);
    }
    return closed.<Void>transform(done -> close());
  }

  /** For a start that failed: closes what was built, then fails with the start's cause. */
  public <T> Future<T> closeAndFail(Throwable failure) {
    return close().transform(closed -> Future.failedFuture(failure));
  }
}
