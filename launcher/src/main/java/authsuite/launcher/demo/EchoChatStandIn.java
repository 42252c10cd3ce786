package authsuite.launcher.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import authsuite.common.http.Problem;
import authsuite.common.http.ProblemResponder;

/**
 * A development stand-in for the chat upstream behind the websocket-auth-gateway: every text message
 * comes back as {@code echo: <text>}. It trusts whoever connects, as a real upstream behind the gateway
 * may; the gateway is what authenticates. Never started in the prod profile.
 */
public final class EchoChatStandIn {
  static final String PATH = "/ws";
  static final String LABEL = "development-only echo chat, started by the authsuite launcher";
  private static final int MAX_MESSAGE_BYTES = 64 * 1024;

  private EchoChatStandIn() {
  }

  static Future<HttpServer> listen(Vertx vertx, String host, int port) {
    HttpServerOptions options = new HttpServerOptions().setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES)
        .setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES);
    return vertx.createHttpServer(options)
        .webSocketHandler(EchoChatStandIn::echo)
        .requestHandler(healthOnly(vertx))
        .listen(port, host);
  }

  private static void echo(ServerWebSocket socket) {
    if (!PATH.equals(socket.path())) {
      socket.close((short) 1008, "the echo chat listens on " + PATH);
      return;
    }
    socket.textMessageHandler(text -> socket.writeTextMessage("echo: " + text));
  }

  private static Router healthOnly(Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "ok").put("stand_in", LABEL)));
    router.route().handler(ctx -> ctx.fail(Problem.notFound("not_found", "the echo chat answers GET /health and WebSockets on " + PATH)));
    router.route().failureHandler(new ProblemResponder("demo-echo-chat"));
    return router;
  }
}
