package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
  @DisplayName("a stream client gets the report on connect, then an event from the probe round that finds a peer gone")
  void streamPushesChanges(Vertx vertx) throws Exception {
    // a second normalizer instance that counts its probes: one per round, so the count says how many rounds began
    AtomicInteger roundsSeen = new AtomicInteger();
    Buffer healthy = new JsonObject().put("status", "healthy").toBuffer();
    HttpServer counting = vertx.createHttpServer().requestHandler(request -> {
      roundsSeen.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json").end(healthy);
    }).listen(0, "127.0.0.1").await();
    fixture.register(SuiteService.SESSION_VALIDATION_NORMALIZER, counting.actualPort());
    fixture.awaitReport(r -> service(r, SuiteService.SESSION_VALIDATION_NORMALIZER).getJsonArray("instances").size() == 2
        && "healthy".equals(service(r, SuiteService.SESSION_VALIDATION_NORMALIZER).getString("status")), 5_000, "the counted instance listed");
    // each event with the rounds begun when it reached the client, counted as it arrives
    LinkedBlockingQueue<Seen<Integer>> received = new LinkedBlockingQueue<>();
    HttpClient http = vertx.createHttpClient();
    openStream(http, fixture.coordinator.port(), event -> received.add(new Seen<>(event, roundsSeen.get())));

    Seen<Integer> onConnect = received.poll(5, TimeUnit.SECONDS);
    assertThat(onConnect).isNotNull();
    assertThat(service(onConnect.event(), SuiteService.JWT_TOKEN_ADAPTER).getString("status")).isEqualTo("healthy");

    peers.get(0).close().await();
    int roundsAtClose = roundsSeen.get();
    Seen<Integer> next = received.poll(10, TimeUnit.SECONDS);

    assertThat(next).as("an event after the peer went down").isNotNull();
    assertThat(service(next.event(), SuiteService.JWT_TOKEN_ADAPTER).getString("status")).isEqualTo("unhealthy");
    // pushed by the round that found the peer gone (its probe of the counted peer may land just before the event),
    // not rounds later: at most the round under way at the close and the one that found it began. How fast, in
    // milliseconds, is bench/coordinator.sh's business, not this test's.
    assertThat(next.atEvent() - roundsAtClose).as("probe rounds begun between the peer going down and the event").isLessThanOrEqualTo(2);
    http.close().await();
  }

  @Test
  @DisplayName("a peer going down is streamed while another peer's probe of the same round still hangs")
  void streamNotHeldBySlowProbes(Vertx vertx) throws Exception {
    CoordinatorFixture slow = new CoordinatorFixture(vertx);
    HeldPeer adapter = new HeldPeer(vertx);
    HeldPeer hanging = new HeldPeer(vertx);
    for (SuiteService service : SuiteService.values()) {
      if (service != SuiteService.SERVICE_BOUNDARY_COORDINATOR && service != SuiteService.JWT_TOKEN_ADAPTER) {
        slow.register(service, slow.healthyPeer(0).actualPort());
      }
    }
    slow.register(SuiteService.JWT_TOKEN_ADAPTER, adapter.port());
    slow.register(SuiteService.WEBSOCKET_AUTH_GATEWAY, hanging.port());
    // a held probe lasts until the probe timeout: far longer than the event may take once the adapter's probe fails,
    // and the circuits never open, so every round probes both
    slow.start(slow.config()
        .put(CoordinatorSettings.PROBE_INTERVAL_MS, "200")
        .put(CoordinatorSettings.PROBE_TIMEOUT_MS, "20000")
        .put(CoordinatorSettings.CIRCUIT_MAX_FAILURES, "100"));
    HttpClient http = vertx.createHttpClient();
    try {
      slow.awaitReport(r -> "healthy".equals(service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("status"))
          && "healthy".equals(service(r, SuiteService.WEBSOCKET_AUTH_GATEWAY).getString("status")), 5_000, "both held peers healthy");
      // each event with whether the hanging peer still held an open probe when it reached the client
      LinkedBlockingQueue<Seen<Boolean>> received = new LinkedBlockingQueue<>();
      openStream(http, slow.coordinator.port(), event -> received.add(new Seen<>(event, hanging.holdsOpen())));
      assertThat(received.poll(5, TimeUnit.SECONDS)).isNotNull();

      // from now on both hold their probes; once both hold one, it is the same round (one round at a time)
      adapter.hold();
      hanging.hold();
      Eventually.until(vertx, "a round holding a probe of each", () -> adapter.holdsOpen() && hanging.holdsOpen(), Duration.ofSeconds(30));
      adapter.failHeld();

      Seen<Boolean> next;
      do {
        next = received.poll(60, TimeUnit.SECONDS);
      } while (next != null && !"unhealthy".equals(service(next.event(), SuiteService.JWT_TOKEN_ADAPTER).getString("status")));

      assertThat(next).as("an event with the adapter down").isNotNull();
      // a report rebuilt only at the end of the round would reach the client after the hanging probe's timeout closed it
      assertThat(next.atEvent()).as("the hanging peer's probe of the same round was still open when the event arrived").isTrue();
    } finally {
      http.close().await();
      slow.close();
      adapter.close();
      hanging.close();
    }
  }

  /** A streamed report, and what the test noted as it reached the client. */
  private record Seen<T>(JsonObject event, T atEvent) {
  }

  private static void openStream(HttpClient http, int port, Consumer<JsonObject> received) {
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
            event.lines().filter(line -> line.startsWith("data: ")).forEach(line -> received.accept(new JsonObject(line.substring(6))));
          }
        }))
        .await();
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.getHeader("Content-Type")).isEqualTo("text/event-stream");
  }
}
