package authsuite.fallback;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import authsuite.common.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt verification ({@code $2a$}, {@code $2b$}, {@code $2y$}) on a small worker pool of its own,
 * never on the event loop. The pool is bounded so that a flood of sign-ins takes a known share of
 * the CPU, and the queue before it is bounded so that it cannot grow without limit (503 beyond).
 * A missing user is checked against a dummy hash of the configured cost, so the answer takes as long
 * whether or not the user exists.
 * <p>
 * bcrypt reads at most 72 bytes of a password, so a longer one cannot be verified: it would match any
 * password sharing its first 72 bytes. Such a password never matches (docs/threat-model.md, "bcrypt's
 * 72 bytes"); it is answered as a wrong password, after the same work, so that the refusal is counted,
 * audited and timed like any other and tells nothing about the account.
 */
final class PasswordCheck {
  /** The most bcrypt verifies: OpenBSD's and pyca's bcrypt read up to 72 bytes, with no terminator after the 72nd. */
  static final int MAX_PASSWORD_BYTES = 72;
  /**
   * Truncation drops only the NUL terminator that the $2b$ form appends to a 72-byte password, as the primary
   * auth service's bcrypt does; longer passwords never reach it.
   */
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

  /**
   * A stored hash that is not bcrypt, or a password too long to verify, costs the same as a real check, so
   * neither can be told apart by timing.
   */
  private boolean verify(byte[] secret, byte[] expected) {
    if (secret.length > MAX_PASSWORD_BYTES) {
      VERIFYER.verify(Arrays.copyOf(secret, MAX_PASSWORD_BYTES), dummyHash);
      return false;
    }
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
