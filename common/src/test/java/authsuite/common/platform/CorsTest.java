package authsuite.common.platform;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("CORS_ALLOWED_ORIGINS lets listed browser origins call a service, and only those")
class CorsTest {
  private static final String ALLOWED = "http://127.0.0.1:8029";
  private static final String OTHER_ALLOWED = "https://app.example.com";
  private static final String STRANGER = "https://evil.example.com";
  private WebClient client;
  private int port;

  private void start(Vertx vertx, JsonObject config) {
    KitTestVerticle service = TestServices.start(vertx, new KitTestVerticle(), config).await();
    port = service.port();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(service.port()));
  }

  private void startWithCors(Vertx vertx) {
    start(vertx, TestServices.embeddedConfig().put(SuiteConfig.CORS_ALLOWED_ORIGINS, ALLOWED + ", " + OTHER_ALLOWED));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  @DisplayName("a preflight from a listed origin is 204 with that origin, credentials, the method and the Authorization header allowed")
  void preflightAllowed(Vertx vertx) {
    startWithCors(vertx);
    HttpResponse<Buffer> response = preflight(OTHER_ALLOWED);
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(OTHER_ALLOWED);
    assertThat(response.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("POST");
    assertThat(response.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("authorization").containsIgnoringCase("content-type")
        .contains("traceparent").contains("tracestate");
  }

  @Test
  @DisplayName("an actual request from a listed origin reaches its handler and carries the CORS headers, ETag exposed")
  void actualRequestAllowed(Vertx vertx) {
    startWithCors(vertx);
    HttpResponse<Buffer> response = greet(ALLOWED);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("greeting")).isEqualTo("hello alice");
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(response.getHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(response.getHeader("Access-Control-Expose-Headers")).contains("ETag");
  }

  @Test
  @DisplayName("a preflight and an actual request from an unlisted origin are a 403 problem without CORS headers; the handler never runs")
  void strangerRefused(Vertx vertx) {
    startWithCors(vertx);
    for (HttpResponse<Buffer> response : new HttpResponse[] {preflight(STRANGER), greet(STRANGER)}) {
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("origin_not_allowed");
      assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  @DisplayName("hostile Origin values (null, garbage, a listed origin with a path or another port) are 403 problems, never a 500")
  void hostileOrigins(Vertx vertx) {
    startWithCors(vertx);
    for (String origin : new String[] {"null", "%%%", "http://127.0.0.1:8029/evil", "http://127.0.0.1:8030", "HTTP://127.0.0.1:8029x", "x".repeat(4000)}) {
      HttpResponse<Buffer> response = greet(origin);
      assertThat(response.statusCode()).as(origin).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getString("code")).as(origin).isEqualTo("origin_not_allowed");
    }
  }

  @Test
  @DisplayName("a same-origin request that carries its Origin (a browser's POST, a WebSocket handshake) passes without CORS headers; "
      + "the same host on another port or with a path is still refused")
  void sameOriginPasses(Vertx vertx) {
    startWithCors(vertx);
    String own = "http://127.0.0.1:" + port;
    HttpResponse<Buffer> response = greet(own);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(greet("http://127.0.0.1:" + (port + 1)).statusCode()).isEqualTo(403);
    assertThat(greet(own + "/").statusCode()).isEqualTo(403);
    assertThat(greet("ftp://127.0.0.1:" + port).statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("requests without an Origin header pass untouched when CORS is on")
  void noOriginPasses(Vertx vertx) {
    startWithCors(vertx);
    HttpResponse<Buffer> response = client.post("/api/v1/kit/greetings").sendJsonObject(new JsonObject().put("name", "alice")).await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  @DisplayName("without CORS_ALLOWED_ORIGINS no CORS header is ever sent, whatever the origin")
  void offByDefault(Vertx vertx) {
    start(vertx, TestServices.embeddedConfig());
    HttpResponse<Buffer> response = greet(ALLOWED);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(preflight(ALLOWED).getHeader("Access-Control-Allow-Origin")).isNull();
  }

  private HttpResponse<Buffer> preflight(String origin) {
    return client.request(HttpMethod.OPTIONS, "/api/v1/kit/greetings")
        .putHeader("Origin", origin)
        .putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "authorization, content-type")
        .send().await();
  }

  private HttpResponse<Buffer> greet(String origin) {
    return client.post("/api/v1/kit/greetings").putHeader("Origin", origin)
        .sendJsonObject(new JsonObject().put("name", "alice")).await();
  }
}
