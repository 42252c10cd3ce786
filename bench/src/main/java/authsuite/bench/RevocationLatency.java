package authsuite.bench;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.SuiteConfig;
import authsuite.common.events.AuthEvent;
import authsuite.wsgateway.WebSocketGatewayVerticle;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a revocation takes to close a socket held by another instance: two websocket-auth-gateway instances, each in
 * a Vert.x of its own as two processes would be, on one Redis, relaying to an echo upstream. Each round opens a socket
 * on A (its own token, jti and session), checks it relays, publishes a revoke_token, revoke_session or revoke_user
 * event (in turn) through B, and measures from the publish until A's close frame (4003) reaches the client. Prints
 * p50, p99 and the maximum per event type. The tests assert that the right sockets close with 4003, not how soon.
 *   args: gatewayPortA gatewayPortB upstreamPort rounds
 */
public final class RevocationLatency {
  private static final String[] TYPES = {"revoke_token", "revoke_session", "revoke_user"};

  private RevocationLatency() {
  }

  public static void main(String[] args) throws Exception {
    int portA = Integer.parseInt(args[0]);
    int portB = Integer.parseInt(args[1]);
    int upstreamPort = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    Vertx clientVertx = Vertx.vertx();
    join(clientVertx.createHttpServer().webSocketHandler(ws -> ws.frameHandler(ws::writeFrame)).listen(upstreamPort, "127.0.0.1"));
    WebSocketGatewayVerticle a = start(Vertx.vertx(), portA, upstreamPort);
    WebSocketGatewayVerticle b = start(Vertx.vertx(), portB, upstreamPort);
    MACSigner signer = new MACSigner(System.getenv("JWT_SECRET_KEY"));
    WebSocketClient client = clientVertx.createWebSocketClient();

    long[][] micros = new long[TYPES.length][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int t = 0; t < TYPES.length; t++) {
        String user = "rev-" + UUID.randomUUID();
        String jti = "j-" + UUID.randomUUID();
        String sid = "s-" + UUID.randomUUID();
        WebSocket socket = join(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(portA).setURI("/ws")
            .putHeader("Authorization", "Bearer " + token(signer, user, jti, sid))));
        CompletableFuture<String> echoed = new CompletableFuture<>();
        CompletableFuture<Long> closedAt = new CompletableFuture<>();
        socket.textMessageHandler(echoed::complete);
        socket.closeHandler(v -> closedAt.complete(System.nanoTime()));
        join(socket.writeTextMessage("ready?"));
        echoed.get(10, TimeUnit.SECONDS);
        JsonObject data = switch (TYPES[t]) {
          case "revoke_token" -> new JsonObject().put("jti", jti);
          case "revoke_session" -> new JsonObject().put("session_id", sid);
          default -> new JsonObject().put("user_id", user).put("not_before", Instant.now().getEpochSecond() + 1);
        };
        long published = System.nanoTime();
        join(b.server().platform().events().publish(AuthEvent.of(TYPES[t], data, "bench")));
        long closed = closedAt.get(30, TimeUnit.SECONDS);
        if (socket.closeStatusCode() == null || socket.closeStatusCode() != 4003) {
          throw new IllegalStateException(TYPES[t] + " closed the socket with " + socket.closeStatusCode() + " " + socket.closeReason());
        }
        micros[t][round] = (closed - published) / 1_000;
      }
    }
    System.out.printf("%-16s %8s %10s %10s %10s%n", "event (" + rounds + " rounds)", "sockets", "p50 ms", "p99 ms", "max ms");
    for (int t = 0; t < TYPES.length; t++) {
      long[] sorted = micros[t].clone();
      Arrays.sort(sorted);
      System.out.printf("%-16s %8d %10.2f %10.2f %10.2f%n", TYPES[t], rounds, percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3,
          sorted[sorted.length - 1] / 1e3);
    }
    System.exit(0);
  }

  private static WebSocketGatewayVerticle start(Vertx vertx, int port, int upstreamPort) {
    JsonObject config = join(ConfigLoader.load(vertx, ConfigLoader.processEnvironment())).config().toJson()
        .put(SuiteService.WEBSOCKET_AUTH_GATEWAY.portVariable(), String.valueOf(port))
        .put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + upstreamPort + "/chat");
    WebSocketGatewayVerticle gateway = new WebSocketGatewayVerticle();
    join(vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)));
    return gateway;
  }

  private static String token(MACSigner signer, String user, String jti, String sid) throws Exception {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", user).put("email", user + "@bench.example").put("type", "access")
        .put("roles", new JsonArray().add("chat-user")).put("iat", now - 5).put("exp", now + 3600).put("jti", jti).put("sid", sid);
    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), new Payload(claims.encode()));
    jws.sign(signer);
    return jws.serialize();
  }

  private static long percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
