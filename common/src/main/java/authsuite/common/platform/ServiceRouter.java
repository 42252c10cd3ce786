package authsuite.common.platform;

import authsuite.common.http.AccessLog;
import authsuite.common.config.SuiteConfig;
import authsuite.common.http.CorrelationId;
import authsuite.common.http.CorsPolicy;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import authsuite.common.http.ProblemResponder;
import authsuite.common.http.RequestLimits;
import authsuite.common.http.RequestTarget;
import authsuite.common.http.ServiceMetrics;
import authsuite.common.http.UnambiguousRequests;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Consumer;

/**
 * The router every service serves: correlation ids, access log and the refusal of ambiguous requests
 * first (so that they hold on every route, raw ones included), then the orchestrators' probes, then routes that live
 * outside the contract (a WebSocket upgrade, which must not meet a BodyHandler), then the
 * OpenAPI-validated API with size limits, and one failure handler writing problem+json. Every GET route
 * answers HEAD as well (unless marked {@link #getOnly}), and a 405 names the methods the path takes
 * (docs/robustness.md, "HEAD and Allow").
 */
public final class ServiceRouter {
  private ServiceRouter() {
  }

  public static Router create(ServicePlatform platform, ApiContract contract,
                              Consumer<RouterBuilder> mountApi, Consumer<Router> mountRaw) {
    String service = platform.service().serviceName();
    ProblemResponder problems = new ProblemResponder(service);
    Router router = Router.router(platform.vertx());
    router.route()
        .handler(new CorrelationId())
        .handler(new AccessLog(service, platform.metrics()))
        .handler(new UnambiguousRequests())
        .handler(new RequestTarget())
        .handler(lastOnItsConnectionWhileDraining(platform.readiness()));
    CorsPolicy.fromSetting(platform.config().value(SuiteConfig.CORS_ALLOWED_ORIGINS))
        .ifPresent(cors -> router.route().handler(cors));
    HealthEndpoints health = new HealthEndpoints(platform);
    // a probe has no body nor parameters to validate: it skips the API router's body handling and OpenAPI validation,
    // polled as it is every few seconds by every kubelet and load balancer (its contract still documents it)
    router.get(contract.contract().operation("getLiveness").getOpenAPIPath()).handler(health.live());
    router.get(contract.contract().operation("getReadiness").getOpenAPIPath()).handler(health.ready());
    serveContract(router, contract);
    mountRaw.accept(router);

    RouterBuilder api = RouterBuilder.create(platform.vertx(), contract.contract(), RequestExtractor.withBodyHandler())
        .rootHandler(JsonBody.formsRefused())
        .rootHandler(BodyHandler.create(false).setBodyLimit(RequestLimits.MAX_BODY_BYTES))
        .rootHandler(new RequestLimits())
        .rootHandler(JsonBody.guard());
    mountPlatformOperations(api, platform, health);
    mountApi.accept(api);
    api.getRoutes().forEach(route -> route.addFailureHandler(problems));
    Router apiRouter = api.createRouter();
    apiRouter.route().failureHandler(problems);

    router.route("/*").setName(ServiceMetrics.API_ROUTER_MOUNT).subRouter(apiRouter);
    router.route().failureHandler(problems);
    RouteMethods methods = RouteMethods.of(router, apiRouter);
    // every error vertx-web answers itself is a problem too, with the status it chose (docs/robustness.md, "one failure mapper")
    for (int status = 400; status < 600; status++) {
      router.errorHandler(status, problems.forStatus(status));
    }
    // vertx-web reports a path it knows under another method as 404 when the path's route sits in front of the
    // API sub-router: the index tells the two apart
    Handler<RoutingContext> methodNotAllowed = ctx -> {
      String allowed = methods.allowedAt(ctx.normalizedPath(), ctx.request().method());
      if (allowed.isEmpty()) {
        ProblemResponder.send(ctx, Problem.notFound("not_found", "no such resource"));
        return;
      }
      ProblemResponder.send(ctx, new Problem(405, "method_not_allowed", "this resource does not accept that method").header("Allow", allowed));
    };
    router.errorHandler(404, methodNotAllowed);
    router.errorHandler(405, methodNotAllowed);
    return router;
  }

  /**
   * While the instance drains, every answer carries {@code Connection: close}: a client then opens a new connection
   * for its next request (which the load balancer sends elsewhere, or which is refused once the server stops
   * accepting) instead of writing it on a kept-alive connection just as the shutdown closes it, where it would be cut
   * unanswered. An upgrade keeps its own handshake headers.
   */
  private static Handler<RoutingContext> lastOnItsConnectionWhileDraining(Readiness readiness) {
    return ctx -> {
      if (readiness.state() == Readiness.State.DRAINING && !ctx.request().headers().contains("Upgrade")) {
        ctx.response().putHeader("Connection", "close");
      }
      ctx.next();
    };
  }

  /** Keeps a GET route from answering HEAD: an event stream or an upgrade has no "headers only" (HEAD is then 405). */
  public static Route getOnly(Route route) {
    return route.putMetadata(RouteMethods.GET_ONLY, true);
  }

  private static void mountPlatformOperations(RouterBuilder api, ServicePlatform platform, HealthEndpoints health) {
    handle(api, "getHealth", health::report);
    handle(api, ApiContract.SERVICE_HEALTH_OPERATION, health::report);
    handle(api, "getMetrics", PrometheusScrapingHandler.create(platform.metrics()));
  }

  private static void serveContract(Router router, ApiContract contract) {
    String yaml = contract.yaml();
    String json = contract.document().encodePrettily();
    router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(yaml));
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(json));
  }

  private static void handle(RouterBuilder api, String operationId, Handler<RoutingContext> handler) {
    OpenAPIRoute route = api.getRoute(operationId);
    route.addHandler(handler);
  }
}
