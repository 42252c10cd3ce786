package authsuite.fallback;

import authsuite.common.metrics.CircuitMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The circuit breaker in front of PostgreSQL, for the users table and the audit table alike (one server): every
 * query has a deadline, and once PostgreSQL has missed a few, the circuit opens and answers at once, so that a hung
 * database costs a sign-in nothing but a quick "cannot tell" (docs/robustness.md, "a breaker in front of
 * PostgreSQL"). Half-open, it sends a probe of its own, so that sign-in comes back when PostgreSQL does even if no
 * one is trying. Only a server that does not answer counts: one that answers with an error (a refused row) is up.
 */
final class DatabaseCircuit {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseCircuit.class);
  private static final int MAX_FAILURES = 2;

  private final CircuitBreaker breaker;
  private final int retryAfterSeconds;

  DatabaseCircuit(Vertx vertx, Pool pool, FallbackSettings settings, MeterRegistry metrics, String service) {
    this.retryAfterSeconds = (int) Math.max(1, (settings.dbBreakerReset().toMillis() + 999) / 1_000);
    this.breaker = CircuitBreaker.create("fallback-postgres", vertx, new CircuitBreakerOptions()
            .setMaxFailures(MAX_FAILURES)
            .setTimeout(settings.dbTimeout().toMillis())
            .setResetTimeout(settings.dbBreakerReset().toMillis())
            .setNotificationAddress(null))
        .failurePolicy(outcome -> outcome.failed() && !(outcome.cause() instanceof DatabaseException));
    CircuitMeters meters = CircuitMeters.of(metrics, service, "postgres", breaker::state);
    breaker.openHandler(v -> {
          meters.transitioned(CircuitMeters.OPEN);
          LOG.warn("PostgreSQL circuit open: users answered from the break-glass file only, audit to the local file",
              kv("circuit", "open"), kv("retry_after_s", retryAfterSeconds));
        })
        .halfOpenHandler(v -> {
          meters.transitioned(CircuitMeters.HALF_OPEN);
          LOG.info("PostgreSQL circuit half-open: probing", kv("circuit", "half_open"));
          breaker.execute(() -> pool.query("SELECT 1").execute().mapEmpty())
              .onFailure(e -> LOG.warn("PostgreSQL probe failed", kv("error", String.valueOf(e.getMessage()))));
        })
        .closeHandler(v -> {
          meters.transitioned(CircuitMeters.CLOSED);
          LOG.info("PostgreSQL circuit closed: PostgreSQL answers again", kv("circuit", "closed"));
        });
  }

  /** The query's outcome; fails at once while the circuit is open, and after the deadline when PostgreSQL does not answer. */
  <T> Future<T> call(Supplier<Future<T>> query) {
    return breaker.execute(query);
  }

  /** Seconds a client should wait before trying again: the time until the next probe. */
  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  JsonObject status() {
    return new JsonObject().put("circuit", breaker.state().name().toLowerCase(java.util.Locale.ROOT));
  }

  void close() {
    breaker.close();
  }
}
