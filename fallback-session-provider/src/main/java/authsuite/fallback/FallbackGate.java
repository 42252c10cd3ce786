package authsuite.fallback;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.AuthEventSubscription;
import authsuite.common.events.ModeChange;
import authsuite.common.metrics.ProbeTimers;
import authsuite.common.metrics.StateGauges;
import authsuite.common.metrics.SuiteMeters;
import authsuite.common.telemetry.TraceAttributes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Whether emergency sign-in is open, for any of three independent reasons: the coordinator's mode
 * is degraded or emergency (its mode_changed events, and the mode it keeps in Redis, read at
 * start and after every lost subscription); this instance's own probe finds the primary auth
 * service unreachable, so that a coordinator that is down cannot keep users out; or an operator
 * opened it (FALLBACK_ENABLED, or the internal activation endpoint, broadcast to every instance).
 */
final class FallbackGate {
  static final String ACTIVATION_EVENT = "fallback_activation";
  private static final Logger LOG = LoggerFactory.getLogger(FallbackGate.class);
  private static final long RETRY_MS = 5_000;
  private static final long REDIS_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final AuthEventChannel events;
  private final Optional<Redis> redis;
  private final String keyPrefix;
  private final String service;
  private final boolean enabledByConfig;
  private final PrimaryAuthProbe probe;
  private volatile ModeChange mode;
  private volatile Instant operatorUntil;
  private AuthEventSubscription subscription;
  private long retry = -1;
  private boolean closed;

  /**
   * @param events where mode changes and operator activations are heard, and activations announced
   * @param redis where the coordinator keeps the current mode, read at start and after a lost subscription; empty when
   *     embedded
   * @param metrics / service where the mode, whether sign-in is open and the primary's probes are measured
   */
  FallbackGate(Vertx vertx, AuthEventChannel events, Optional<Redis> redis, String keyPrefix, MeterRegistry metrics,
               String service, FallbackSettings settings) {
    this.vertx = vertx;
    this.events = events;
    this.redis = redis;
    this.keyPrefix = keyPrefix;
    this.service = service;
    this.enabledByConfig = settings.operatorEnabled();
    this.probe = new PrimaryAuthProbe(vertx, settings, new ProbeTimers(metrics, service));
    // the mode as this provider last heard it (all 0 before it has), and whether sign-in is open
    StateGauges.register(metrics, "authsuite_mode", "the suite's mode as this service sees it: 1 for the mode in force",
        Tags.of(SuiteMeters.SERVICE, service), "mode", List.of(ModeChange.NORMAL, ModeChange.DEGRADED, ModeChange.EMERGENCY),
        state -> StateGauges.oneIf(mode == null ? null : mode.mode(), state));
    Gauge.builder("authsuite_emergency_signin_open", () -> open() ? 1 : 0)
        .description("1 while emergency sign-in is open on this instance")
        .tag(SuiteMeters.SERVICE, service).strongReference(true).register(metrics);
  }

  /**
   * Never fails: completes after the first try to read the current mode and to subscribe to mode events,
   * whatever their outcome. Without Redis the gate starts closed (unless configured open), and opens as it learns.
   */
  Future<Void> start() {
    probe.start();
    return Future.join(readCurrentMode(), follow()).mapEmpty().otherwiseEmpty().mapEmpty();
  }

  /** Why sign-in is open now; empty when it is not. */
  List<String> reasons() {
    List<String> reasons = new ArrayList<>(3);
    ModeChange current = mode;
    if (current != null && current.allowsFallback() && (current.expiresAt() == null || current.expiresAt().isAfter(Instant.now()))) {
      reasons.add("mode_" + current.mode());
    }
    if (probe.primaryDown()) {
      reasons.add("primary_auth_unreachable");
    }
    Instant until = operatorUntil;
    if (enabledByConfig || (until != null && until.isAfter(Instant.now()))) {
      reasons.add("operator");
    }
    return reasons;
  }

  boolean open() {
    List<String> reasons = reasons();
    // on the asking request's span: why sign-in is open, or that it is not
    TraceAttributes.set(TraceAttributes.MODE, reasons.isEmpty() ? "normal" : "fallback:" + String.join(",", reasons));
    return !reasons.isEmpty();
  }

  /** An operator opens (until {@code until}) or closes sign-in on every instance; here at once, elsewhere by event. */
  Future<Boolean> activate(Instant until) {
    operatorUntil = until;
    JsonObject data = new JsonObject().put("until", until == null ? null : until.toString());
    return events.publish(AuthEvent.of(ACTIVATION_EVENT, data, service))
        .map(true)
        .otherwise(false);
  }

  JsonObject status() {
    ModeChange current = mode;
    Instant until = operatorUntil;
    return new JsonObject()
        .put("active", open())
        .put("reasons", new JsonArray(reasons()))
        .put("mode", current == null ? null : current.toJson())
        .put("primary_auth", probe.status())
        .put("operator", new JsonObject().put("configured", enabledByConfig).put("until", until == null ? null : until.toString()));
  }

  void close() {
    closed = true;
    vertx.cancelTimer(retry);
    probe.close();
    if (subscription != null) {
      subscription.cancel();
    }
  }

  private Future<?> readCurrentMode() {
    if (redis.isEmpty()) {
      return Future.succeededFuture();
    }
    return redis.get().send(Request.cmd(Command.GET, ModeChange.redisKey(keyPrefix)))
        .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(stored -> {
          if (stored != null && mode == null) {
            try {
              mode = storedMode(stored.toString());
            } catch (RuntimeException malformed) {
              LOG.warn("ignoring a malformed current mode in Redis", kv("error", malformed.getMessage()));
            }
          }
        })
        .onFailure(down -> LOG.info("current mode not readable from Redis; waiting for events", kv("error", down.getMessage())));
  }

  /** The coordinator keeps a ModeChange as JSON; a bare mode name is understood as well. */
  private static ModeChange storedMode(String stored) {
    String text = stored.trim();
    return text.startsWith("{") ? ModeChange.fromJson(new JsonObject(text)) : new ModeChange(text, null, "read at start", false, null);
  }

  private Future<?> follow() {
    return events.subscribe(this::onEvent, resubscribed -> readCurrentMode())
        .onSuccess(subscribed -> {
          subscription = subscribed;
          if (closed) {
            subscribed.cancel();
          }
        })
        .onFailure(failure -> {
          if (!closed) {
            LOG.warn("cannot follow mode events yet; retrying", kv("error", failure.getMessage()));
            retry = vertx.setTimer(RETRY_MS, tick -> {
              readCurrentMode();
              follow();
            });
          }
        });
  }

  private void onEvent(AuthEvent event) {
    ModeChange.from(event).ifPresent(change -> {
      LOG.info("mode changed", kv("mode", change.mode()), kv("previous", change.previous()), kv("reason", change.reason()));
      mode = change;
    });
    if (ACTIVATION_EVENT.equals(event.type())) {
      Object until = event.data().getValue("until");
      try {
        operatorUntil = until instanceof String text ? Instant.parse(text) : null;
      } catch (RuntimeException malformed) {
        LOG.warn("ignoring a malformed activation event", kv("error", malformed.getMessage()));
      }
    }
  }
}
