package authsuite.common.platform;

import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The HTTP kit, as a client of a real service sees it")
class HttpKitTest {
  private WebClient client;
  private KitTestVerticle service;

  @BeforeEach
  void start(Vertx vertx) {
    service = TestServices.start(vertx, new KitTestVerticle(), TestServices.embeddedConfig()).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(service.port()));
  }

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  @DisplayName("a valid request reaches its handler")
  void validRequest() {
    HttpResponse<Buffer> response = client.post("/api/v1/kit/greetings").sendJsonObject(new JsonObject().put("name", "alice")).await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("greeting")).isEqualTo("hello alice");
  }

  @Test
  @DisplayName("an unknown route is a 404 problem, not an HTML page")
  void unknownRoute() {
    HttpResponse<Buffer> response = client.get("/no/such/thing").send().await();
    assertProblem(response, 404, "not_found");
  }

  @Test
  @DisplayName("a known path with the wrong method is a 405 problem")
  void wrongMethod() {
    HttpResponse<Buffer> response = client.delete("/api/v1/kit/greetings").send().await();
    assertProblem(response, 405, "method_not_allowed");
  }

  @Test
  @DisplayName("garbage JSON is a 400 malformed_json problem, never a 500")
  void malformedJson() {
    HttpResponse<Buffer> response = client.post("/api/v1/kit/greetings")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"name\": \"alice\"")).await();
    assertProblem(response, 400, "malformed_json");
  }

  @Test
  @DisplayName("a body the contract does not allow is a 400 invalid_request problem")
  void contractViolation() {
    HttpResponse<Buffer> response = client.post("/api/v1/kit/greetings").sendJsonObject(new JsonObject().put("nom", "alice")).await();
    assertProblem(response, 400, "invalid_request");
  }

  @Test
  @DisplayName("a body over 64 KiB is a 413 problem")
  void oversizedBody() {
    String big = "x".repeat(70 * 1024);
    HttpResponse<Buffer> response = client.post("/api/v1/kit/greetings").sendJsonObject(new JsonObject().put("name", big)).await();
    assertProblem(response, 413, "payload_too_large");
  }

  @Test
  @DisplayName("deeply nested JSON is refused before any parser recurses into it")
  void deepJson() {
    String deep = "[".repeat(40) + "]".repeat(40);
    HttpResponse<Buffer> response = client.post("/api/v1/kit/greetings")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"name\": \"a\", \"x\": " + deep + "}")).await();
    assertProblem(response, 400, "json_too_deep");
  }

  @Test
  @DisplayName("a body that is not JSON is a 415 problem")
  void wrongContentType() {
    HttpResponse<Buffer> response = client.post("/api/v1/kit/greetings")
        .putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("name=alice")).await();
    assertProblem(response, 415, "unsupported_media_type");
  }

  @Test
  @DisplayName("oversized headers are refused with 431")
  void oversizedHeaders() {
    HttpResponse<Buffer> response = client.get("/health").putHeader("X-Padding", "p".repeat(20 * 1024)).send().await();
    assertThat(response.statusCode()).isEqualTo(431);
  }

  @Test
  @DisplayName("a sane X-Correlation-ID is echoed and written into problems; an insane one is replaced")
  void correlationId() {
    HttpResponse<Buffer> sane = client.get("/nowhere").putHeader("X-Correlation-ID", "req-42.a_b").send().await();
    assertThat(sane.getHeader("X-Correlation-ID")).isEqualTo("req-42.a_b");
    assertThat(sane.bodyAsJsonObject().getString("correlation_id")).isEqualTo("req-42.a_b");

    HttpResponse<Buffer> insane = client.get("/nowhere").putHeader("X-Correlation-ID", "<script>" + "x".repeat(80)).send().await();
    assertThat(insane.getHeader("X-Correlation-ID")).matches("[A-Za-z0-9._-]{1,64}").doesNotContain("script");
  }

  @Test
  @DisplayName("/health answers in the shape docs/api.md gives, and the service's own /api/v1/<area>/health too")
  void healthShape() {
    for (String path : new String[] {"/health", "/api/v1/jwt/health"}) {
      HttpResponse<Buffer> response = client.get(path).send().await();
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject health = response.bodyAsJsonObject();
      assertThat(health.getString("status")).isEqualTo("healthy");
      assertThat(health.getString("service")).isEqualTo("jwt-token-adapter");
      assertThat(health.getString("version")).isNotBlank().isNotEqualTo("unknown");
      assertThat(Instant.parse(health.getString("timestamp"))).isBeforeOrEqualTo(Instant.now());
      assertThat(health.getJsonObject("dependencies")).isEmpty();
      assertThat(health.getBoolean("embedded")).isTrue();
    }
  }

  @Test
  @DisplayName("liveness, readiness, metrics and the contract are served")
  void platformEndpoints() {
    assertThat(client.get("/health/live").send().await().statusCode()).isEqualTo(200);
    assertThat(client.get("/health/ready").send().await().statusCode()).isEqualTo(200);

    client.get("/health").send().await();
    HttpResponse<Buffer> metrics = client.get("/metrics").send().await();
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("authsuite_http_responses_total{service=\"jwt-token-adapter\",status=\"200\"}");

    HttpResponse<Buffer> contract = client.get("/openapi.yaml").send().await();
    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.bodyAsString()).contains("/api/v1/kit/greetings:", "/health/ready:", "/api/v1/jwt/health:", "openapi: 3.1.0");
    assertThat(client.get("/openapi.json").send().await().bodyAsJsonObject().getJsonObject("paths").fieldNames())
        .contains("/api/v1/kit/greetings", "/metrics");
  }

  static void assertProblem(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("https://authsuite.dev/problems/" + code);
    assertThat(problem.getString("code")).isEqualTo(code);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("correlation_id")).isEqualTo(response.getHeader("X-Correlation-ID"));
    assertThat(problem.encode()).doesNotContain("Exception", "\tat ");
  }
}
