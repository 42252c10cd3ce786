package authsuite.coordinator;

import authsuite.common.metrics.CircuitMeters;
import authsuite.common.metrics.ProbeTimers;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.circuitbreaker.TimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One circuit breaker per probe target, created on first sight and dropped when the target
 * leaves the registry. An open circuit answers at once without touching its target; after the
 * reset time one probe goes through (half open) and closes it again on success. Used from the
 * coordinator's event loop only, except that the meters read the breakers when scraped.
 *
 * <p>Meters are per target group (a service's health key, or a dependency's name), never per instance: an
 * instance id is new at every start, so {@code authsuite_circuit_state{target=...}} counts the group's circuits in
 * each state, and each group's meters are registered once, at its first circuit.
 */
final class Circuits {
  private static final Logger LOG = LoggerFactory.getLogger(Circuits.class);

  private final Vertx vertx;
  private final Clock clock;
  private final CircuitBreakerOptions options;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  /** The group of each circuit's target, for the meters. */
  private final Map<String, String> groups = new ConcurrentHashMap<>();
  private final Map<String, CircuitMeters> meters = new HashMap<>();
  private final MeterRegistry registry;
  private final String service;
  private final ProbeTimers probeTimers;
  private final Map<String, Instant> lastOk = new HashMap<>();
  private final Map<String, String> lastError = new HashMap<>();

  Circuits(Vertx vertx, CoordinatorSettings settings, MeterRegistry registry, String service, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.registry = registry;
    this.service = service;
    this.probeTimers = new ProbeTimers(registry, service);
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
    CircuitBreaker breaker = breakers.computeIfAbsent(target.key(), key -> newBreaker(key, target.group()));
    long started = System.nanoTime();
    return breaker.<String>execute(target.probe()).transform(done -> {
      long nanos = System.nanoTime() - started;
      probeTimers.record(target.group(), done.succeeded(), nanos);
      double latencyMs = Math.round(nanos / 10_000.0) / 100.0;
      String circuit = stateName(breaker.state());
      if (done.succeeded()) {
        Instant now = clock.instant();
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
      groups.remove(key);
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
    groups.clear();
  }

  private CircuitBreaker newBreaker(String key, String group) {
    CircuitBreaker breaker = CircuitBreaker.create("probe:" + key, vertx, options);
    CircuitMeters meters = metersOf(group);
    groups.put(key, group);
    breaker.openHandler(v -> {
      meters.transitioned(CircuitMeters.OPEN);
      LOG.warn("circuit of {} opened", key, kv("target", key), kv("circuit", "open"), kv("error", lastError.get(key)));
    });
    breaker.halfOpenHandler(v -> {
      meters.transitioned(CircuitMeters.HALF_OPEN);
      LOG.info("circuit of {} half open: one probe goes through", key, kv("target", key), kv("circuit", "half_open"));
    });
    breaker.closeHandler(v -> {
      meters.transitioned(CircuitMeters.CLOSED);
      LOG.info("circuit of {} closed", key, kv("target", key), kv("circuit", "closed"));
    });
    return breaker;
  }

  private CircuitMeters metersOf(String group) {
    return meters.computeIfAbsent(group, g -> new CircuitMeters(registry, service, g, state -> inState(g, state)));
  }

  /** How many circuits of the group are in the state now (read by the gauges when scraped). */
  private double inState(String group, String state) {
    int count = 0;
    for (Map.Entry<String, CircuitBreaker> entry : breakers.entrySet()) {
      if (group.equals(groups.get(entry.getKey())) && stateName(entry.getValue().state()).equals(state)) {
        count++;
      }
    }
    return count;
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
