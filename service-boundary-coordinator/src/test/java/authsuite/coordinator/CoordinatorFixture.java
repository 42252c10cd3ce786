package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.discovery.ServiceRegistration;
import authsuite.common.discovery.ServiceRegistry;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real coordinator on a random port, on the test Redis under its own key prefix, probing
 * stand-in peers registered in the same Redis registry: small HTTP servers answering
 * {@code /health}, or raw sockets that accept and never answer. Fast probe settings.
 */
final class CoordinatorFixture {
  static final long INTERVAL_MS = 250;
  static final long TIMEOUT_MS = 400;
  static final int CIRCUIT_MAX_FAILURES = 2;
  static final long CIRCUIT_RESET_MS = 600;
  static final int MODE_FAIL_ROUNDS = 2;
  static final int MODE_RECOVER_ROUNDS = 2;

  final Vertx vertx;
  final String prefix = TestRedis.uniqueKeyPrefix();
  final WebClient client;
  final Redis redis;
  final ServiceRegistry registry;
  private final List<ServiceRegistration> registrations = new ArrayList<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<NetServer> sockets = new ArrayList<>();
  CoordinatorVerticle coordinator;

  CoordinatorFixture(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.redis = Redis.createClient(vertx, TestRedis.url());
    this.registry = ServiceRegistry.redis(vertx, redis, prefix, Duration.ofSeconds(1));
  }

  JsonObject config() {
    return TestServices.redisConfig(prefix)
        .put(CoordinatorSettings.PROBE_INTERVAL_MS, String.valueOf(INTERVAL_MS))
        .put(CoordinatorSettings.PROBE_TIMEOUT_MS, String.valueOf(TIMEOUT_MS))
        .put(CoordinatorSettings.CIRCUIT_MAX_FAILURES, String.valueOf(CIRCUIT_MAX_FAILURES))
        .put(CoordinatorSettings.CIRCUIT_RESET_MS, String.valueOf(CIRCUIT_RESET_MS))
        .put(CoordinatorSettings.MODE_FAIL_ROUNDS, String.valueOf(MODE_FAIL_ROUNDS))
        .put(CoordinatorSettings.MODE_RECOVER_ROUNDS, String.valueOf(MODE_RECOVER_ROUNDS));
  }

  CoordinatorFixture start(JsonObject config) {
    return start(config, Clock.systemUTC());
  }

  /** The coordinator dating probes, mode changes and drills on {@code clock} (a {@code TestClock} to advance time). */
  CoordinatorFixture start(JsonObject config, Clock clock) {
    coordinator = TestServices.start(vertx, new CoordinatorVerticle(clock), config).await();
    return this;
  }

  /** An HTTP server answering {@code GET /health} with {"status": "healthy"} (on {@code port}, 0 for any). */
  HttpServer healthyPeer(int port) {
    Buffer body = new JsonObject().put("status", "healthy").toBuffer();
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(body))
        .listen(port, "127.0.0.1").await();
    servers.add(server);
    return server;
  }

  /** Accepts connections and never writes a byte back. */
  NetServer hangingPeer(int port) {
    NetServer server = vertx.createNetServer().connectHandler(socket -> socket.pause()).listen(port, "127.0.0.1").await();
    sockets.add(server);
    return server;
  }

  ServiceRegistration register(SuiteService service, int port) {
    ServiceRegistration registration = registry.register(service.serviceName(), "http://127.0.0.1:" + port).await();
    registrations.add(registration);
    return registration;
  }

  /** Every suite service but the coordinator as a healthy stand-in, registered; the adapter's server is returned. */
  List<HttpServer> registerHealthyPeers() {
    List<HttpServer> peers = new ArrayList<>();
    for (SuiteService service : SuiteService.values()) {
      if (service != SuiteService.SERVICE_BOUNDARY_COORDINATOR) {
        HttpServer peer = healthyPeer(0);
        register(service, peer.actualPort());
        peers.add(peer);
      }
    }
    return peers;
  }

  HttpResponse<Buffer> get(String path) {
    return client.get(coordinator.port(), "127.0.0.1", path).send().await();
  }

  JsonObject integration() {
    return get(IntegrationRoutes.INTEGRATION).bodyAsJsonObject();
  }

  HttpResponse<Buffer> internalPost(String path, Object body) {
    return client.post(coordinator.port(), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx))
        .putHeader("Content-Type", "application/json")
        .sendBuffer(body instanceof JsonObject json ? json.toBuffer() : Buffer.buffer(String.valueOf(body))).await();
  }

  /** Polls the integration report until {@code condition} holds; fails after {@code patienceMs}. */
  JsonObject awaitReport(Predicate<JsonObject> condition, long patienceMs, String what) {
    try {
      return Eventually.until(vertx, this::integration, condition, Duration.ofMillis(patienceMs));
    } catch (AssertionError notYet) {
      throw new AssertionError("expected " + what + ": " + notYet.getMessage(), notYet);
    }
  }

  static JsonObject service(JsonObject report, SuiteService service) {
    return report.getJsonObject("services").getJsonObject(service.healthKey());
  }

  void close() {
    registrations.forEach(r -> r.deregister().otherwiseEmpty().await());
    servers.forEach(s -> s.close().otherwiseEmpty().await());
    sockets.forEach(s -> s.close().otherwiseEmpty().await());
    client.close();
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
    redis.close();
  }
}
