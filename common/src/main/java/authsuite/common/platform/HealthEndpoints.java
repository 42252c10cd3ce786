package authsuite.common.platform;

import authsuite.common.Version;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code /health} in the shape of docs/api.md, "Every service", and {@code /health/live} and {@code /health/ready} for
 * orchestrators, all from vertx-health-check procedures. {@code /health} probes each configured dependency: one that
 * is down makes the service degraded, still 200. Readiness is this instance alone (listening and not draining, see
 * {@link Readiness}) and liveness that the event loop answers: a dependency never touches either, because taking every
 * instance out of its Service during a Redis outage would also take away what still works without Redis.
 */
public final class HealthEndpoints {
  private static final long PROBE_TIMEOUT_MS = 1_000;

  private final ServicePlatform platform;
  private final HealthChecks dependencies;
  private final HealthChecks readiness;
  private final HealthChecks liveness;

  public HealthEndpoints(ServicePlatform platform) {
    this.platform = platform;
    this.dependencies = HealthChecks.create(platform.vertx());
    this.readiness = HealthChecks.create(platform.vertx()).register("event-loop", HealthEndpoints::eventLoopAnswers)
        .register("serving", this::serving);
    this.liveness = HealthChecks.create(platform.vertx()).register("event-loop", HealthEndpoints::eventLoopAnswers);
    for (Dependency dependency : platform.dependencies()) {
      Handler<Promise<Status>> probe = timed(() -> probe(dependency));
      dependencies.register(dependency.key(), PROBE_TIMEOUT_MS, probe);
    }
  }

  public void report(RoutingContext ctx) {
    dependencies.checkStatus().onComplete(result -> {
      JsonObject report = toReport(result.succeeded() ? result.result() : null);
      ctx.response()
          .setStatusCode("unhealthy".equals(report.getString("status")) ? 503 : 200)
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .end(report.encode());
    });
  }

  public Handler<RoutingContext> live() {
    return HealthCheckHandler.createWithHealthChecks(liveness);
  }

  public Handler<RoutingContext> ready() {
    return HealthCheckHandler.createWithHealthChecks(readiness);
  }

  private JsonObject toReport(CheckResult result) {
    JsonObject deps = new JsonObject();
    boolean allUp = result != null;
    if (result != null && result.getChecks() != null) {
      for (CheckResult check : result.getChecks()) {
        boolean up = Boolean.TRUE.equals(check.getUp());
        allUp &= up;
        JsonObject entry = new JsonObject().put("status", up ? "healthy" : "unhealthy");
        JsonObject data = check.getData();
        if (data != null) {
          entry.mergeIn(data);
        }
        if (!up && !entry.containsKey("error")) {
          entry.put("error", check.getFailure() != null ? String.valueOf(check.getFailure().getMessage()) : "check failed");
        }
        platform.dependencies().stream().filter(d -> d.key().equals(check.getId()))
            .findFirst().ifPresent(d -> entry.put("critical", d.critical()));
        deps.put(check.getId(), entry);
      }
    }
    JsonObject report = new JsonObject()
        .put("status", allUp ? "healthy" : "degraded")
        .put("service", platform.service().serviceName())
        .put("version", Version.current())
        .put("timestamp", Instant.now().toString());
    if (platform.config().embedded()) {
      report.put("embedded", true);
    }
    return report.put("dependencies", deps);
  }

  /** Runs on the event loop: that it completes at all is the check. */
  private static void eventLoopAnswers(Promise<Status> promise) {
    promise.complete(Status.OK());
  }

  /** Up from the moment the server listens until the instance starts draining; 503 before and after. */
  private void serving(Promise<Status> promise) {
    Readiness readiness = platform.readiness();
    promise.complete(readiness.ready() ? Status.OK()
        : Status.KO(new JsonObject().put("state", readiness.state().name().toLowerCase())));
  }

  private Future<Void> probe(Dependency dependency) {
    return switch (dependency.kind()) {
      case REDIS -> platform.redis().orElseThrow().send(Request.cmd(Command.PING)).mapEmpty();
      case POSTGRES -> platform.postgres().orElseThrow().query("SELECT 1").execute().mapEmpty();
    };
  }

  private static Handler<Promise<Status>> timed(Supplier<Future<Void>> check) {
    return promise -> {
      long started = System.nanoTime();
      check.get().onComplete(done -> {
        double latencyMs = Math.round((System.nanoTime() - started) / 10_000.0) / 100.0;
        if (done.succeeded()) {
          promise.tryComplete(Status.OK(new JsonObject().put("latency_ms", latencyMs)));
        } else {
          promise.tryComplete(Status.KO(new JsonObject().put("latency_ms", latencyMs)
              .put("error", String.valueOf(done.cause().getMessage()))));
        }
      });
    };
  }
}
