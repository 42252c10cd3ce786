package authsuite.coordinator;

import authsuite.common.SuiteService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static authsuite.coordinator.CoordinatorFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Pollers and stream clients of the integration report cost almost nothing")
class IntegrationCachingTest {
  /** What one round of quick probes (seven targets, all local) may take on a loaded machine. */
  private static final long ROUND_ALLOWANCE_MS = 200;
  private CoordinatorFixture fixture;
  private List<HttpServer> peers;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    peers = fixture.registerHealthyPeers();
    fixture.start(fixture.config());
    fixture.awaitReport(r -> "healthy".equals(r.getString("status")), 2_000, "every service healthy");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("two polls with If-None-Match and no change between them: the second is a 304; Cache-Control max-age is the probe interval")
  void etagAndNotModified() {
    HttpResponse<Buffer> first = fixture.get(IntegrationRoutes.INTEGRATION);
    String etag = first.getHeader("ETag");
    assertThat(etag).startsWith("W/\"");
    assertThat(first.getHeader("Cache-Control")).isEqualTo("max-age=1");
    assertThat(first.getHeader("Content-Type")).isEqualTo("application/json");

    HttpResponse<Buffer> second = fixture.client.get(fixture.coordinator.port(), "127.0.0.1", IntegrationRoutes.INTEGRATION)
        .putHeader("If-None-Match", etag).send().await();

    assertThat(second.statusCode()).isEqualTo(304);
    assertThat(second.body()).isNull();
    assertThat(second.getHeader("ETag")).isEqualTo(etag);
  }

  @Test
  @DisplayName("a changed report gets a new ETag: the old one is answered 200 with the new body")
  void changeMeansNewEtag() {
    String etag = fixture.get(IntegrationRoutes.INTEGRATION).getHeader("ETag");
    peers.get(0).close().await();
    fixture.awaitReport(r -> "unhealthy".equals(service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("status")), 2_000, "the adapter down");

    HttpResponse<Buffer> after = fixture.client.get(fixture.coordinator.port(), "127.0.0.1", IntegrationRoutes.INTEGRATION)
        .putHeader("If-None-Match", etag).send().await();

    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.getHeader("ETag")).isNotEqualTo(etag);
    assertThat(service(after.bodyAsJsonObject(), SuiteService.JWT_TOKEN_ADAPTER).getString("status")).isEqualTo("unhealthy");
  }

  @Test
  @DisplayName("hostile If-None-Match values are answered with the report, never an error")
  void hostileConditionals() {
    for (String value : new String[] {"", "\"", "W/", "W/\"nope\"", "x".repeat(4_000), ",,,", "\"a\", W/\"b\""}) {
      HttpResponse<Buffer> answer = fixture.client.get(fixture.coordinator.port(), "127.0.0.1", IntegrationRoutes.INTEGRATION)
          .putHeader("If-None-Match", value).send().await();
      assertThat(answer.statusCode()).as("If-None-Match %s", value).isEqualTo(200);
      assertThat(answer.bodyAsJsonObject().getString("mode")).isEqualTo("normal");
    }
  }

  @Test
  @DisplayName("a stream client gets the report on connect, then an event within one probe interval of a peer going down")
  void streamPushesChanges(Vertx vertx) throws Exception {
    LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    HttpClient http = vertx.createHttpClient();
    openStream(http, fixture.coordinator.port(), received);

    JsonObject onConnect = received.poll(2, TimeUnit.SECONDS);
    assertThat(onConnect).isNotNull();
    assertThat(service(onConnect, SuiteService.JWT_TOKEN_ADAPTER).getString("status")).isEqualTo("healthy");

    peers.get(0).close().await();
    long downAt = System.currentTimeMillis();
    JsonObject next = received.poll(5, TimeUnit.SECONDS);
    long tookMs = System.currentTimeMillis() - downAt;

    assertThat(next).as("an event after the peer went down").isNotNull();
    assertThat(service(next, SuiteService.JWT_TOKEN_ADAPTER).getString("status")).isEqualTo("unhealthy");
    // one interval, plus the round that finds it (every probe of the round answers before the report is rebuilt)
    assertThat(tookMs).isLessThanOrEqualTo(CoordinatorFixture.INTERVAL_MS + ROUND_ALLOWANCE_MS);
    http.close().await();
  }

  @Test
  @DisplayName("a peer going down is streamed within one interval even while another peer's probe hangs every round")
  void streamNotHeldBySlowProbes(Vertx vertx) throws Exception {
    long interval = 1_000;
    CoordinatorFixture slow = new CoordinatorFixture(vertx);
    List<HttpServer> slowPeers = slow.registerHealthyPeers();
    slow.register(SuiteService.WEBSOCKET_AUTH_GATEWAY, slow.hangingPeer(0).actualPort());
    // the hanging instance's circuit never opens here, so each round lasts a whole probe timeout
    slow.start(slow.config()
        .put(CoordinatorSettings.PROBE_INTERVAL_MS, String.valueOf(interval))
        .put(CoordinatorSettings.PROBE_TIMEOUT_MS, "900")
        .put(CoordinatorSettings.CIRCUIT_MAX_FAILURES, "100"));
    HttpClient http = vertx.createHttpClient();
    try {
      LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
      openStream(http, slow.coordinator.port(), received);
      assertThat(received.poll(3, TimeUnit.SECONDS)).isNotNull();

      slowPeers.get(0).close().await();
      long downAt = System.currentTimeMillis();
      JsonObject next;
      do {
        next = received.poll(interval + ROUND_ALLOWANCE_MS * 2, TimeUnit.MILLISECONDS);
      } while (next != null && !"unhealthy".equals(service(next, SuiteService.JWT_TOKEN_ADAPTER).getString("status")));
      long tookMs = System.currentTimeMillis() - downAt;

      assertThat(next).as("an event with the adapter down").isNotNull();
      assertThat(tookMs).isLessThanOrEqualTo(interval + ROUND_ALLOWANCE_MS);
    } finally {
      http.close().await();
      slow.close();
    }
  }

  private static void openStream(HttpClient http, int port, LinkedBlockingQueue<JsonObject> received) {
    StringBuilder pending = new StringBuilder();
    // the handler is set on the event loop as the response arrives, so the first event cannot slip past it
    HttpClientResponse stream = http.request(HttpMethod.GET, port, "127.0.0.1", IntegrationRoutes.STREAM)
        .compose(request -> request.send())
        .map(response -> response.handler(chunk -> {
          pending.append(chunk.toString());
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String event = pending.substring(0, end);
            pending.delete(0, end + 2);
            event.lines().filter(line -> line.startsWith("data: ")).forEach(line -> received.add(new JsonObject(line.substring(6))));
          }
        }))
        .await();
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.getHeader("Content-Type")).isEqualTo("text/event-stream");
  }
}
