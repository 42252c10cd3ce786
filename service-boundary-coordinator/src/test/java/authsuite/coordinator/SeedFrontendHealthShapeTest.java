package authsuite.coordinator;

import authsuite.common.SuiteService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's frontend polls {@code /api/v1/health/integration} and shows each service's status from a
 * top-level key holding a string ({@code data.jwt_token_adapter} ...), 'unknown' until the first poll.
 * {@link #frontendShows} reads the answer the way that frontend does.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A frontend that reads the five services as top-level status strings sees each one's status")
class SeedFrontendHealthShapeTest {
  private static final List<String> KEYS = List.of("jwt_token_adapter", "session_validation_normalizer",
      "fallback_session_provider", "websocket_auth_gateway", "service_boundary_coordinator");
  private static final Set<String> STATUSES = Set.of("healthy", "degraded", "unhealthy", "unknown");
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
  @DisplayName("every peer healthy: each of the five keys is the string 'healthy', placed before the detail, the detail unchanged")
  void allHealthy() {
    String body = fixture.get(IntegrationRoutes.INTEGRATION).bodyAsString();
    JsonObject data = new JsonObject(body);

    assertThat(frontendShows(data)).containsExactlyEntriesOf(statuses("healthy", "healthy", "healthy", "healthy", "healthy"));
    assertThat(new ArrayList<>(data.fieldNames()).subList(0, KEYS.size())).containsExactlyElementsOf(KEYS);
    assertThat(data.getString("status")).isEqualTo("healthy");
    assertThat(data.getString("mode")).isEqualTo("normal");
    assertThat(CoordinatorFixture.service(data, SuiteService.JWT_TOKEN_ADAPTER).getString("status")).isEqualTo("healthy");
  }

  @Test
  @DisplayName("the adapter down: the frontend sees 'unhealthy' for it and 'healthy' for the others")
  void onePeerDown() {
    peers.get(0).close().await();
    JsonObject data = fixture.awaitReport(
        r -> "unhealthy".equals(CoordinatorFixture.service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("status")), 2_000, "the adapter down");

    assertThat(frontendShows(data)).containsExactlyEntriesOf(statuses("unhealthy", "healthy", "healthy", "healthy", "healthy"));
  }

  @Test
  @DisplayName("each stream event carries the same top-level strings: healthy on connect, the adapter unhealthy after it goes down")
  void streamEvents(Vertx vertx) throws Exception {
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    HttpClient http = vertx.createHttpClient();
    try {
      openStream(http, fixture.coordinator.port(), events);
      JsonObject onConnect = new JsonObject(events.poll(2, TimeUnit.SECONDS));
      assertThat(frontendShows(onConnect)).containsExactlyEntriesOf(statuses("healthy", "healthy", "healthy", "healthy", "healthy"));
      assertThat(new ArrayList<>(onConnect.fieldNames()).subList(0, KEYS.size())).containsExactlyElementsOf(KEYS);

      peers.get(0).close().await();
      String next = events.poll(5, TimeUnit.SECONDS);
      assertThat(next).as("an event after the adapter went down").isNotNull();
      assertThat(frontendShows(new JsonObject(next)))
          .containsExactlyEntriesOf(statuses("unhealthy", "healthy", "healthy", "healthy", "healthy"));
    } finally {
      http.close().await();
    }
  }

  @Test
  @DisplayName("the served OpenAPI document requires the five top-level keys, each a string of the four statuses")
  void contractAgrees() {
    JsonObject schema = fixture.get("/openapi.json").bodyAsJsonObject()
        .getJsonObject("components").getJsonObject("schemas").getJsonObject("IntegrationHealth");

    assertThat(schema.getJsonArray("required").getList()).containsAll(KEYS);
    for (String key : KEYS) {
      JsonObject property = schema.getJsonObject("properties").getJsonObject(key);
      assertThat(property).as(key).isNotNull();
      assertThat(property.getString("type")).as(key).isEqualTo("string");
      assertThat(property.getJsonArray("enum").getList()).as(key).containsExactlyInAnyOrderElementsOf(STATUSES);
    }
  }

  /**
   * What the frontend shows for each service: {@code typeof data[key] === 'string'} and one of the four
   * statuses, else nothing it can show (the JavaScript {@code undefined}, here null).
   */
  private static Map<String, String> frontendShows(JsonObject data) {
    Map<String, String> shown = new LinkedHashMap<>();
    for (String key : KEYS) {
      Object value = data.getValue(key);
      shown.put(key, value instanceof String s && STATUSES.contains(s) ? s : null);
    }
    return shown;
  }

  private static Map<String, String> statuses(String... each) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < KEYS.size(); i++) {
      expected.put(KEYS.get(i), each[i]);
    }
    return expected;
  }

  private static void openStream(HttpClient http, int port, LinkedBlockingQueue<String> events) {
    StringBuilder pending = new StringBuilder();
    HttpClientResponse stream = http.request(HttpMethod.GET, port, "127.0.0.1", IntegrationRoutes.STREAM)
        .compose(request -> request.send())
        .map(response -> response.handler(chunk -> {
          pending.append(chunk.toString());
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String event = pending.substring(0, end);
            pending.delete(0, end + 2);
            event.lines().filter(line -> line.startsWith("data: ")).forEach(line -> events.add(line.substring(6)));
          }
        }))
        .await();
    assertThat(stream.statusCode()).isEqualTo(200);
  }
}
