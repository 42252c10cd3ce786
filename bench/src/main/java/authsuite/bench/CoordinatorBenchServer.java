package authsuite.bench;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.discovery.ServiceRegistry;
import authsuite.coordinator.CoordinatorVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * One JVM holding the coordinator on its embedded (in-process) registry, healthy stand-ins for
 * the four other services registered in it, and, beside them, the baseline: a trivial endpoint
 * on a bare Vert.x server. {@code POST /hang} on the baseline port registers a second adapter
 * instance that accepts connections and never answers, for the "one peer hanging" case.
 *   args: coordinatorPort baselinePort
 */
public final class CoordinatorBenchServer {
  private CoordinatorBenchServer() {
  }

  public static void main(String[] args) {
    int coordinatorPort = Integer.parseInt(args[0]);
    int baselinePort = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    ServiceRegistry registry = ServiceRegistry.local(vertx);
    Buffer healthy = new JsonObject().put("status", "healthy").toBuffer();
    for (SuiteService service : SuiteService.values()) {
      if (service != SuiteService.SERVICE_BOUNDARY_COORDINATOR) {
        int port = join(vertx.createHttpServer().requestHandler(request -> request.response().end(healthy))
            .listen(0, "127.0.0.1")).actualPort();
        join(registry.register(service.serviceName(), "http://127.0.0.1:" + port));
      }
    }

    Buffer trivial = Buffer.buffer("{\"status\":\"healthy\"}");
    join(vertx.createHttpServer().requestHandler(request -> {
      if ("/hang".equals(request.path())) {
        vertx.createNetServer().connectHandler(socket -> socket.pause()).listen(0, "127.0.0.1")
            .compose(hanging -> registry.register(SuiteService.JWT_TOKEN_ADAPTER.serviceName(), "http://127.0.0.1:" + hanging.actualPort()))
            .onComplete(registered -> request.response().end(registered.succeeded() ? "hanging" : "failed"));
        return;
      }
      request.response().putHeader("Content-Type", "application/json").end(trivial);
    }).listen(baselinePort, "127.0.0.1"));

    JsonObject config = join(ConfigLoader.load(vertx, ConfigLoader.processEnvironment())).config().toJson()
        .put(SuiteService.SERVICE_BOUNDARY_COORDINATOR.portVariable(), String.valueOf(coordinatorPort));
    join(vertx.deployVerticle(new CoordinatorVerticle(), new DeploymentOptions().setConfig(config)));
    System.out.println("ready");
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
