package authsuite.bench;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.SuiteConfig;
import authsuite.wsgateway.WebSocketGatewayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The websocket-auth-gateway alone in its JVM, configured from the environment like a deployment, relaying to the
 * benchmark's echo upstream; its heap and RSS are what the benchmark reports.
 *   args: gatewayPort upstreamPort
 */
public final class WsGatewayBenchServer {
  private WsGatewayBenchServer() {
  }

  public static void main(String[] args) {
    int gatewayPort = Integer.parseInt(args[0]);
    int upstreamPort = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    JsonObject config = ConfigLoader.load(vertx, ConfigLoader.processEnvironment()).toCompletionStage().toCompletableFuture().join()
        .config().toJson()
        .put(SuiteService.WEBSOCKET_AUTH_GATEWAY.portVariable(), String.valueOf(gatewayPort))
        .put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + upstreamPort + "/chat");
    vertx.deployVerticle(new WebSocketGatewayVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().join();
    System.out.println("ready");
  }
}
