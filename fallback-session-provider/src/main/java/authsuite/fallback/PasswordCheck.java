package authsuite.fallback;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import authsuite.common.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt verification ({@code $2a$}, {@code $2b$}, {@code $2y$}) on a small worker pool of its own,
 * never on the event loop. The pool is bounded so that a flood of sign-ins takes a known share of
 * the CPU, and the queue before it is bounded so that it cannot grow without limit (503 beyond).
 * A missing user is checked against a dummy hash of the configured cost, so the answer takes as long
 * whether or not the user exists.
 */
final class PasswordCheck {
  /** The primary auth service (passlib/bcrypt) truncates at 72 bytes; verifying must do the same. */
  private static final BCrypt.Verifyer VERIFYER =
      BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));

  private final WorkerExecutor workers;
  private final int maxQueued;
  private final AtomicInteger queued = new AtomicInteger();
  private final byte[] dummyHash;

  private PasswordCheck(WorkerExecutor workers, int maxQueued, byte[] dummyHash) {
    this.workers = workers;
    this.maxQueued = maxQueued;
    this.dummyHash = dummyHash;
  }

  /** Hashes the dummy once, on the pool, at start. */
  static Future<PasswordCheck> start(Vertx vertx, FallbackSettings settings) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("fallback-bcrypt", settings.bcryptWorkers());
    return workers.executeBlocking(() -> BCrypt.with(BCrypt.Version.VERSION_2B)
            .hash(settings.bcryptCost(), "no user has this password".getBytes(StandardCharsets.UTF_8)), false)
        .map(dummy -> new PasswordCheck(workers, settings.bcryptQueue(), dummy));
  }

  /** True when {@code password} matches {@code hash}; false for a wrong password or a hash that is not bcrypt. */
  Future<Boolean> matches(String password, String hash) {
    byte[] expected = hash == null ? dummyHash : hash.getBytes(StandardCharsets.US_ASCII);
    return run(password, expected);
  }

  /** Spends the same work as a real check and answers false: for users that do not exist. */
  Future<Boolean> burn(String password) {
    return run(password, dummyHash).map(false);
  }

  private Future<Boolean> run(String password, byte[] expected) {
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      return Future.failedFuture(Problem.unavailable("fallback_busy", "too many sign-ins are being checked; try again shortly", 1));
    }
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    return workers.executeBlocking(() -> verify(secret, expected), false)
        .eventually(() -> {
          queued.decrementAndGet();
          return Future.succeededFuture();
        });
  }

  /** A stored hash that is not bcrypt costs the same as one that is, so it cannot be told apart by timing. */
  private boolean verify(byte[] secret, byte[] expected) {
    BCrypt.Result result;
    try {
      result = VERIFYER.verify(secret, expected);
    } catch (RuntimeException malformed) {
      result = null;
    }
    if (result == null || !result.validFormat) {
      VERIFYER.verify(secret, dummyHash);
      return false;
    }
    return result.verified;
  }

  Future<Void> close() {
    return workers.close();
  }
}
