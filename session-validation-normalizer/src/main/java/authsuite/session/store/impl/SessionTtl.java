package authsuite.session.store.impl;

import io.vertx.core.Future;

import java.time.Duration;

final class SessionTtl {

  private SessionTtl() {
  }

  /** Both stores keep expiries in whole milliseconds, so anything shorter is as good as zero. */
  static boolean isValid(Duration ttl) {
    return ttl != null && !ttl.isNegative() && ttl.toMillis() > 0;
  }

  static <T> Future<T> rejected(Duration ttl) {
    return Future.failedFuture(new IllegalArgumentException("session ttl must be at least 1 ms, got " + ttl));
  }
}
