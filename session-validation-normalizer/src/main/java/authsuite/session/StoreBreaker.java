package authsuite.session;

import authsuite.common.http.Problem;
import authsuite.common.metrics.CircuitMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The circuit breaker in front of the session store. Open, it answers at once, so nothing waits on a dead
 * Redis; half-open, it sends a probe of its own, so that the service recovers even when the only traffic is
 * JWTs (which never touch the store and so would never try it).
 */
final class StoreBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(StoreBreaker.class);
  private static final int MAX_FAILURES = 3;

  private final CircuitBreaker breaker;
  private final int retryAfterSeconds;

  /** Its meters are {@code authsuite_circuit_state{target="session_store"}} and the transitions of that target. */
  StoreBreaker(Vertx vertx, SessionSettings settings, Supplier<Future<Void>> probe, MeterRegistry metrics, String service) {
    this.retryAfterSeconds = settings.retryAfterSeconds();
    this.breaker = CircuitBreaker.create("session-store", vertx, new CircuitBreakerOptions()
        .setMaxFailures(MAX_FAILURES)
        .setTimeout(settings.redisTimeout().toMillis())
        .setResetTimeout(settings.breakerReset().toMillis())
        // no event-bus notifications: they also switch on per-call latency metrics, a cost on every validation
        .setNotificationAddress(null));
    CircuitMeters meters = CircuitMeters.of(metrics, service, "session_store", breaker::state);
    breaker.openHandler(v -> {
          meters.transitioned(CircuitMeters.OPEN);
          LOG.warn("session store circuit open: answering without Redis", kv("circuit", "open"), kv("retry_after_s", retryAfterSeconds));
        })
        .halfOpenHandler(v -> {
          meters.transitioned(CircuitMeters.HALF_OPEN);
          LOG.info("session store circuit half-open: probing Redis", kv("circuit", "half_open"));
          breaker.execute(probe).onFailure(e -> LOG.warn("session store probe failed", kv("error", e.getMessage())));
        })
        .closeHandler(v -> {
          meters.transitioned(CircuitMeters.CLOSED);
          LOG.info("session store circuit closed: Redis answers again", kv("circuit", "closed"));
        });
  }

  /** The command's outcome; any failure of it, or an open circuit, is 503 session_store_unavailable. */
  <T> Future<T> call(Supplier<Future<T>> command) {
    return breaker.execute(command).recover(failure -> Future.failedFuture(
        Problem.unavailable("session_store_unavailable", "the session store cannot be reached; try again shortly", retryAfterSeconds)));
  }

  boolean isClosed() {
    return breaker.state() == CircuitBreakerState.CLOSED;
  }

  void close() {
    breaker.close();
  }
}
