package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.Version;
import authsuite.common.config.Redacted;
import authsuite.common.discovery.ServiceRegistry;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.ModeChange;
import authsuite.common.http.InternalAuth;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import authsuite.common.jwt.revocation.Revocations;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/** The coordinator's own API: status, the registry, sync-auth and drills (the last two internal). */
final class CoordinatorRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRoutes.class);
  static final long DEFAULT_DRILL_S = 600;
  static final long MAX_DRILL_S = 86_400;

  private final ServiceRegistry registry;
  private final AuthEventChannel events;
  private final InternalAuth internal;
  private final ProbeLoop loop;
  private final SnapshotStream stream;
  private final Revocations revocations;
  private final String origin;
  private final Clock clock;
  private final Instant startedAt;

  /** @param events where sync-auth events that revoke nothing are published (revocations are recorded, then announced) */
  CoordinatorRoutes(ServiceRegistry registry, AuthEventChannel events, InternalAuth internal, ProbeLoop loop,
                    SnapshotStream stream, Revocations revocations, String origin, Clock clock) {
    this.registry = registry;
    this.events = events;
    this.internal = internal;
    this.loop = loop;
    this.stream = stream;
    this.revocations = revocations;
    this.origin = origin;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  void mount(RouterBuilder api) {
    api.getRoute("coordinatorStatus").addHandler(this::status);
    api.getRoute("coordinatorServices").addHandler(this::services);
    // checked by SyncAuthRequest itself, so that a refused mode_changed names the endpoint to use
    api.getRoute("syncAuth").setDoValidation(false).addHandler(internal).addHandler(this::syncAuth);
    api.getRoute("forceMode").addHandler(internal).addHandler(this::forceMode);
  }

  private void status(RoutingContext ctx) {
    ctx.json(loop.status()
        .put("service", SuiteService.SERVICE_BOUNDARY_COORDINATOR.serviceName())
        .put("instance", origin)
        .put("version", Version.current())
        .put("started_at", startedAt.toString())
        .put("uptime_s", Duration.between(startedAt, clock.instant()).toSeconds())
        .put("stream_clients", stream.clients()));
  }

  private void services(RoutingContext ctx) {
    registry.all()
        .onSuccess(instances -> {
          JsonArray listed = new JsonArray();
          instances.forEach(instance -> listed.add(instance.toJson().put("url", Redacted.url(instance.url())).put("name", instance.service())
              .put("health_key", SuiteService.byName(instance.service()).map(SuiteService::healthKey).orElse(null))));
          ctx.json(new JsonObject().put("services", listed).put("count", listed.size()));
        })
        .onFailure(ctx::fail);
  }

  private void syncAuth(RoutingContext ctx) {
    SyncAuthRequest request = SyncAuthRequest.from(JsonBody.of(ctx));
    var event = request.toEvent(origin);
    Future<Long> published = request.revokes() ? revocations.record(event) : events.publishCounted(event);
    published
        .onSuccess(receivers -> LOG.info("auth event published", kv("type", request.type()), kv("receivers", receivers)))
        .onSuccess(receivers -> ctx.json(new JsonObject().put("published", true).put("type", request.type())
            .put("receivers", receivers < 0 ? null : receivers).put("event", event.toJson())))
        .onFailure(ctx::fail);
  }

  private void forceMode(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    if (!body.containsKey("mode")) {
      throw Problem.badRequest("invalid_request", "send {\"mode\": \"degraded\", \"expires_in_s\": 600} or {\"mode\": null}");
    }
    Object mode = body.getValue("mode");
    if (mode != null && !(mode instanceof String named && ModeChange.MODES.contains(named))) {
      throw Problem.badRequest("invalid_mode", "mode must be one of " + ModeChange.MODES + " or null to end the drill");
    }
    Object expiresIn = body.getValue("expires_in_s", DEFAULT_DRILL_S);
    if (!(expiresIn instanceof Number seconds) || seconds.longValue() < 1 || seconds.longValue() > MAX_DRILL_S
        || seconds.doubleValue() != seconds.longValue()) {
      throw Problem.badRequest("invalid_request", "expires_in_s must be a whole number of seconds from 1 to " + MAX_DRILL_S);
    }
    Instant until = clock.instant().plusSeconds(((Number) expiresIn).longValue());
    loop.force((String) mode, mode == null ? null : until)
        .onSuccess(current -> ctx.json(new JsonObject().put("mode", current.toJson())))
        .onFailure(ctx::fail);
  }

}
