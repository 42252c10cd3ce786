package authsuite.bench;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.SuiteConfig;
import authsuite.wsgateway.WebSocketGatewayVerticle;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a slow peer costs the websocket-auth-gateway's heap (moved out of SlowReaderTest, which keeps the
 * behaviour: the flooding side is paused). In one JVM: the gateway, then for {@value #SECONDS} s each
 * (1) a client that reads nothing while the upstream floods it with 16 KiB frames, and
 * (2) an upstream that reads nothing while the client floods it; printed: bytes the flooding side got rid of,
 * and the JVM's used heap after GC, before and during. Run by {@code bash bench/slow-peer.sh}.
 *   args: gatewayPort
 */
public final class SlowPeerHeap {
  private static final int FRAME_BYTES = 16 * 1024;
  private static final double MIB = 1024 * 1024;
  private static final int SECONDS = 6;

  private SlowPeerHeap() {
  }

  public static void main(String[] args) throws Exception {
    int gatewayPort = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    AtomicLong flooded = new AtomicLong();
    AtomicReference<Handler<ServerWebSocket>> upstreamBehaviour = new AtomicReference<>();
    HttpServer upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(ws -> upstreamBehaviour.get().handle(ws)).listen().toCompletionStage().toCompletableFuture().join();
    JsonObject config = ConfigLoader.load(vertx, ConfigLoader.processEnvironment()).toCompletionStage().toCompletableFuture().join()
        .config().toJson()
        .put(SuiteService.WEBSOCKET_AUTH_GATEWAY.portVariable(), String.valueOf(gatewayPort))
        .put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + upstream.actualPort() + "/chat");
    vertx.deployVerticle(new WebSocketGatewayVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().join();
    MACSigner signer = new MACSigner(System.getenv("JWT_SECRET_KEY"));
    Buffer frame = Buffer.buffer(new byte[FRAME_BYTES]);

    // (1) the upstream floods a client that reads nothing
    upstreamBehaviour.set(ws -> flood(ws::isClosed, ws::writeQueueFull, () -> ws.writeBinaryMessage(frame), ws::drainHandler, flooded));
    long heapBefore = usedHeapAfterGc();
    try (Socket client = new Socket("127.0.0.1", gatewayPort)) {
      client.setReceiveBufferSize(64 * 1024);
      upgradeAndStopReading(client, token(signer, "slow-reader"));
      report("slow reader: upstream sent", flooded, heapBefore);
    }

    // (2) the client floods an upstream that reads nothing
    flooded.set(0);
    upstreamBehaviour.set(ServerWebSocket::pause);
    heapBefore = usedHeapAfterGc();
    WebSocketClient wsClient = vertx.createWebSocketClient();
    WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gatewayPort).setURI("/ws")
        .addHeader("Authorization", "Bearer " + token(signer, "fast-writer"))).toCompletionStage().toCompletableFuture().join();
    vertx.runOnContext(go -> flood(ws::isClosed, ws::writeQueueFull, () -> ws.writeBinaryMessage(frame), ws::drainHandler, flooded));
    report("slow upstream: client wrote", flooded, heapBefore);
    System.exit(0);
  }

  private static void flood(BooleanSupplier closed, BooleanSupplier full, Runnable write, Consumer<Handler<Void>> onDrain,
                            AtomicLong flooded) {
    while (!closed.getAsBoolean() && !full.getAsBoolean()) {
      write.run();
      flooded.addAndGet(FRAME_BYTES);
    }
    if (!closed.getAsBoolean()) {
      onDrain.accept(drained -> flood(closed, full, write, onDrain, flooded));
    }
  }

  private static void report(String what, AtomicLong flooded, long heapBefore) throws InterruptedException {
    Thread.sleep((SECONDS - 2) * 1000L);
    long early = flooded.get();
    Thread.sleep(2_000);
    long heapDuring = usedHeapAfterGc();
    System.out.printf("%s %.1f MiB in %d s (%d bytes in the last 2 s); heap growth after GC %.1f MiB%n",
        what, flooded.get() / MIB, SECONDS, flooded.get() - early, (heapDuring - heapBefore) / MIB);
  }

  private static String token(MACSigner signer, String user) throws Exception {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", user).put("email", user + "@bench.example").put("type", "access")
        .put("roles", new JsonArray().add("chat-user")).put("iat", now).put("exp", now + 3600);
    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), new Payload(claims.encode()));
    jws.sign(signer);
    return jws.serialize();
  }

  /** A raw TCP client: the upgrade with a bearer token, the 101 answer read, and then never another byte read. */
  private static void upgradeAndStopReading(Socket socket, String token) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IllegalStateException("the gateway closed before answering the upgrade: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IllegalStateException("the upgrade was refused: " + head);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
