package authsuite.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of the WebSocket benchmark, in its own process: opens {@code connections} authenticated sockets through the
 * gateway (each user its own HS256 token, Authorization: Bearer), holds them, writes {@code <out>/held}, waits for
 * {@code <out>/measured} (the script has read the gateway's heap and RSS), then measures message round trips through
 * the gateway and directly to the upstream, interleaved in the same run, and prints both.
 *   args: gatewayPort upstreamPort connections outDir   (JWT_SECRET_KEY from the environment)
 */
public final class WsLoadClient {
  private static final int IN_FLIGHT = 200;
  private static final int LATENCY_SOCKETS = 50;
  private static final int WARMUP_ROUNDS = 4_000;
  private static final int MEASURED_ROUNDS = 10_000;

  private WsLoadClient() {
  }

  public static void main(String[] args) throws Exception {
    int gatewayPort = Integer.parseInt(args[0]);
    int upstreamPort = Integer.parseInt(args[1]);
    int connections = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    MACSigner signer = new MACSigner(System.getenv("JWT_SECRET_KEY"));
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Integer.MAX_VALUE)
        .setConnectTimeout(30_000));

    List<String> tokens = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      tokens.add(token(signer, "bench-" + i));
    }
    long started = System.nanoTime();
    List<WebSocket> held = openAll(client, gatewayPort, tokens).get();
    System.out.printf("opened %d authenticated sockets through the gateway in %.1f s%n", held.size(), (System.nanoTime() - started) / 1e9);
    Files.writeString(out.resolve("held"), String.valueOf(held.size()));
    while (!Files.exists(out.resolve("measured"))) {
      Thread.sleep(200);
    }

    List<WebSocket> direct = new ArrayList<>();
    for (int i = 0; i < LATENCY_SOCKETS; i++) {
      direct.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(upstreamPort).setURI("/chat"))
          .toCompletionStage().toCompletableFuture().get());
    }
    List<WebSocket> through = held.subList(0, LATENCY_SOCKETS);
    roundTrips(vertx, through, direct, WARMUP_ROUNDS).get();
    long[][] measured = roundTrips(vertx, through, direct, MEASURED_ROUNDS).get();
    long stillOpen = held.stream().filter(ws -> !ws.isClosed()).count();
    System.out.printf("held sockets still open after the latency rounds: %d of %d%n", stillOpen, held.size());
    report("through gateway", measured[0]);
    report("direct upstream", measured[1]);
    double overheadUs = (percentile(measured[0], 50) - percentile(measured[1], 50)) / 1_000.0;
    System.out.printf("p50 overhead of the gateway: %.0f us per round trip%n", overheadUs);
    Files.writeString(out.resolve("latency"), String.format("%.1f %.1f %.1f %.1f %.0f",
        percentile(measured[0], 50) / 1e3, percentile(measured[0], 99) / 1e3, percentile(measured[1], 50) / 1e3,
        percentile(measured[1], 99) / 1e3, overheadUs));
    System.exit(0);
  }

  private static String token(MACSigner signer, String user) throws Exception {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", user).put("email", user + "@bench.example").put("type", "access")
        .put("roles", new JsonArray().add("chat-user")).put("iat", now).put("exp", now + 3600);
    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), new Payload(claims.encode()));
    jws.sign(signer);
    return jws.serialize();
  }

  /** Opens every socket with at most IN_FLIGHT handshakes at once. */
  private static CompletableFuture<List<WebSocket>> openAll(WebSocketClient client, int port, List<String> tokens) {
    CompletableFuture<List<WebSocket>> done = new CompletableFuture<>();
    WebSocket[] sockets = new WebSocket[tokens.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    Runnable[] openNext = new Runnable[1];
    openNext[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= tokens.size()) {
        return;
      }
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
              .putHeader("Authorization", "Bearer " + tokens.get(i)))
          .onComplete(opened -> {
            if (opened.failed()) {
              done.completeExceptionally(new IllegalStateException("socket " + i + " failed: " + opened.cause(), opened.cause()));
              return;
            }
            sockets[i] = opened.result();
            if (finished.incrementAndGet() == tokens.size()) {
              done.complete(Arrays.asList(sockets));
            } else {
              openNext[0].run();
            }
          });
    };
    for (int i = 0; i < IN_FLIGHT; i++) {
      openNext[0].run();
    }
    return done;
  }

  /** One message at a time, alternating a gateway socket and a direct one; the nanoseconds of each round trip. */
  private static CompletableFuture<long[][]> roundTrips(Vertx vertx, List<WebSocket> through, List<WebSocket> direct, int rounds) {
    CompletableFuture<long[][]> done = new CompletableFuture<>();
    long[][] times = {new long[(rounds + 1) / 2], new long[(rounds + 1) / 2]};
    String message = "x".repeat(64);
    vertx.runOnContext(start -> step(through, direct, times, 0, rounds, message, done));
    return done;
  }

  private static void step(List<WebSocket> through, List<WebSocket> direct, long[][] times, int round, int rounds, String message,
                           CompletableFuture<long[][]> done) {
    if (round == rounds) {
      done.complete(times);
      return;
    }
    int side = round % 2;
    WebSocket ws = (side == 0 ? through : direct).get((round / 2) % through.size());
    echo(ws, message).onComplete(rtt -> {
      if (rtt.failed()) {
        done.completeExceptionally(rtt.cause());
        return;
      }
      times[side][round / 2] = rtt.result();
      step(through, direct, times, round + 1, rounds, message, done);
    });
  }

  private static Future<Long> echo(WebSocket ws, String message) {
    Promise<Long> answered = Promise.promise();
    long sent = System.nanoTime();
    ws.textMessageHandler(text -> {
      ws.textMessageHandler(null);
      answered.tryComplete(System.nanoTime() - sent);
    });
    ws.writeTextMessage(message);
    return answered.future();
  }

  private static long percentile(long[] values, int p) {
    long[] used = Arrays.stream(values).filter(v -> v > 0).sorted().toArray();
    return used[Math.min(used.length - 1, (int) Math.ceil(p / 100.0 * used.length) - 1)];
  }

  private static void report(String name, long[] nanos) {
    System.out.printf("%-16s p50 %6.0f us   p90 %6.0f us   p99 %6.0f us%n", name,
        percentile(nanos, 50) / 1e3, percentile(nanos, 90) / 1e3, percentile(nanos, 99) / 1e3);
  }
}
