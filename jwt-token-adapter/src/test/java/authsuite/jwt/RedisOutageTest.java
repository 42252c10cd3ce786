package authsuite.jwt;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("With Redis down the adapter starts, validates, and answers 503 only where Redis must decide")
class RedisOutageTest {
  private AdapterFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new AdapterFixture(vertx);
    fixture.start(fixture.config().put(SuiteConfig.REDIS_URL, "redis://127.0.0.1:1"));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("tokens still validate; refresh and revoke are 503 with Retry-After, never 'invalid'")
  void degradedButAnswering() {
    assertThat(fixture.validate(TestTokens.primary(TestTokens.primaryClaims("42"))).getBoolean("valid")).isTrue();
    assertThat(fixture.validate(fixture.rs256(fixture.externalClaims("alice"))).getBoolean("valid")).isTrue();

    HttpResponse<Buffer> refresh = fixture.post(fixture.adapter.port(), "/api/v1/jwt/refresh", new JsonObject()
        .put("refresh_token", TestTokens.primary(TestTokens.primaryClaims("42").put("type", "refresh").put("jti", "r-1"))));
    assertThat(refresh.statusCode()).isEqualTo(503);
    assertThat(refresh.getHeader("Retry-After")).isNotBlank();
    assertThat(refresh.bodyAsJsonObject().getString("code")).isEqualTo("redis_unavailable");

    HttpResponse<Buffer> revoke = fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("jti", "x"));
    assertThat(revoke.statusCode()).isEqualTo(503);

    JsonObject health = fixture.client.get(fixture.adapter.port(), "127.0.0.1", "/health").send().await().bodyAsJsonObject();
    assertThat(health.getString("status")).isEqualTo("degraded");
  }
}
