package authsuite.coordinator;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One circuit breaker per probe target, created on first sight and dropped when the target
 * leaves the registry. An open circuit answers at once without touching its target; after the
 * reset time one probe goes through (half open) and closes it again on success. Used from the
 * coordinator's event loop only.
 */
final class Circuits {
  private static final Logger LOG = LoggerFactory.getLogger(Circuits.class);

  private final Vertx vertx;
  private final CircuitBreakerOptions options;
  private final Map<String, CircuitBreaker> breakers = new HashMap<>();
  private final Map<String, Instant> lastOk = new HashMap<>();
  private final Map<String, String> lastError = new HashMap<>();

  Circuits(Vertx vertx, CoordinatorSettings settings) {
    this.vertx = vertx;
    this.options = new CircuitBreakerOptions()
        .setMaxFailures(settings.circuitMaxFailures())
        .setTimeout(settings.probeTimeout().toMillis())
        .setResetTimeout(settings.circuitReset().toMillis())
        .setFailuresRollingWindow(settings.circuitWindowMs())
        // no metrics on the event bus: states are read directly and logged on change
        .setNotificationAddress(null);
  }

  /** Probes through the target's circuit; never fails, an unanswered probe is an unhealthy result. */
  Future<ProbeResult> probe(ProbeTarget target) {
    CircuitBreaker breaker = breakers.computeIfAbsent(target.key(), this::newBreaker);
    long started = System.nanoTime();
    return breaker.<String>execute(target.probe()).transform(done -> {
      double latencyMs = Math.round((System.nanoTime() - started) / 10_000.0) / 100.0;
      String circuit = stateName(breaker.state());
      if (done.succeeded()) {
        Instant now = Instant.now();
        lastOk.put(target.key(), now);
        lastError.remove(target.key());
        return Future.succeededFuture(new ProbeResult(target, done.result(), latencyMs, circuit, now, null));
      }
      String error = describe(target.key(), done.cause());
      return Future.succeededFuture(new ProbeResult(target, ProbeResult.UNHEALTHY, latencyMs, circuit, lastOk.get(target.key()), error));
    });
  }

  /** Forgets the circuits of targets that are gone (an instance that stopped heartbeating). */
  void retainOnly(Set<String> keys) {
    breakers.keySet().removeIf(key -> {
      if (keys.contains(key)) {
        return false;
      }
      breakers.get(key).close();
      lastOk.remove(key);
      lastError.remove(key);
      return true;
    });
  }

  JsonObject states() {
    JsonObject states = new JsonObject();
    breakers.forEach((key, breaker) -> states.put(key, stateName(breaker.state())));
    return states;
  }

  void close() {
    breakers.values().forEach(CircuitBreaker::close);
    breakers.clear();
  }

  private CircuitBreaker newBreaker(String key) {
    CircuitBreaker breaker = CircuitBreaker.create("probe:" + key, vertx, options);
    breaker.openHandler(v -> LOG.warn("circuit of {} opened", key, kv("target", key), kv("circuit", "open"),
        kv("error", lastError.get(key))));
    breaker.halfOpenHandler(v -> LOG.info("circuit of {} half open: one probe goes through", key, kv("target", key),
        kv("circuit", "half_open")));
    breaker.closeHandler(v -> LOG.info("circuit of {} closed", key, kv("target", key), kv("circuit", "closed")));
    return breaker;
  }

  /** An open circuit reports the failure that opened it rather than only "open". */
  private String describe(String key, Throwable cause) {
    if (cause instanceof OpenCircuitException) {
      String last = lastError.get(key);
      return last == null ? "circuit open" : "circuit open after: " + last;
    }
    String error = cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException
        ? "no answer within the probe timeout"
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    lastError.put(key, error);
    return error;
  }

  static String stateName(CircuitBreakerState state) {
    return state.name().toLowerCase();
  }
}
