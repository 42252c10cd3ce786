package authsuite.common.platform;

import authsuite.common.Version;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code /health} in the shape of docs/api.md, "Every service", and {@code /health/live} and {@code /health/ready} for
 * orchestrators. {@code /health} probes each configured dependency with vertx-health-check procedures: one that is
 * down makes the service degraded, still 200. Readiness is this instance alone (listening and not draining, see
 * {@link Readiness}) and liveness that the event loop answers: a dependency never touches either, because taking every
 * instance out of its Service during a Redis outage would also take away what still works without Redis.
 *
 * <p>The two probes are polled by every kubelet and load balancer, so they run no procedure per request: their
 * answers, in the body vertx-health-check wrote for them, are encoded once, and readiness picks the one of its state.
 */
public final class HealthEndpoints {
  private static final long PROBE_TIMEOUT_MS = 1_000;
  private static final CharSequence JSON_UTF8 = HttpHeaders.createOptimized("application/json;charset=UTF-8");
  private static final ProbeAnswer ALIVE = new ProbeAnswer(200, outcome(check("event-loop", null)).toBuffer());

  private final ServicePlatform platform;
  private final HealthChecks dependencies;
  /** The readiness answer of each {@link Readiness.State}, by its ordinal. */
  private final ProbeAnswer[] readyAnswers = new ProbeAnswer[Readiness.State.values().length];

  /** A probe's answer, written as is to every request that asks while it holds. */
  private record ProbeAnswer(int status, Buffer body) {
    void send(RoutingContext ctx) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON_UTF8).end(body);
    }
  }

  public HealthEndpoints(ServicePlatform platform) {
    this.platform = platform;
    this.dependencies = HealthChecks.create(platform.vertx());
    for (Readiness.State state : Readiness.State.values()) {
      readyAnswers[state.ordinal()] = readyAnswer(state);
    }
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

  /** Answering at all is the check: this runs on the event loop. */
  public Handler<RoutingContext> live() {
    return ALIVE::send;
  }

  /** 200 from the moment the server listens until the instance starts draining; 503 before and after. */
  public Handler<RoutingContext> ready() {
    Readiness readiness = platform.readiness();
    return ctx -> readyAnswers[readiness.state().ordinal()].send(ctx);
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

  private static ProbeAnswer readyAnswer(Readiness.State state) {
    JsonObject serving = state == Readiness.State.SERVING ? null : new JsonObject().put("state", state.name().toLowerCase());
    return new ProbeAnswer(serving == null ? 200 : 503, outcome(check("event-loop", null), check("serving", serving)).toBuffer());
  }

  /** A check as vertx-health-check reports it: UP, or DOWN with what is wrong in {@code data}. */
  private static JsonObject check(String id, JsonObject down) {
    JsonObject check = new JsonObject().put("id", id).put("status", down == null ? "UP" : "DOWN");
    return down == null ? check : check.put("data", down);
  }

  /** vertx-health-check's body for a set of checks: UP when every one is. */
  private static JsonObject outcome(JsonObject... checks) {
    JsonArray all = new JsonArray();
    boolean up = true;
    for (JsonObject check : checks) {
      all.add(check);
      up &= "UP".equals(check.getString("status"));
    }
    String status = up ? "UP" : "DOWN";
    return new JsonObject().put("status", status).put("checks", all).put("outcome", status);
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
