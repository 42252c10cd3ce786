package authsuite.jwt;

import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@DisplayName("A NumericDate claim that is not a finite number of seconds between 1970 and 9999 makes the token malformed, never a 500")
class NumericClaimsRobustnessTest extends StartedAdapterTest {

  @Test
  @DisplayName("jwt/validate answers valid:false malformed for each absurd exp, nbf, iat and root_iat")
  void validate() {
    TestTokens.absurdNumericDates("42").forEach((name, token) -> {
      HttpResponse<Buffer> response = fixture.post(fixture.adapter.port(), "/api/v1/jwt/validate", new JsonObject().put("token", token));
      assertThat(response.statusCode()).as("%s: %s", name, response.bodyAsString()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getBoolean("valid")).as(name).isFalse();
      assertThat(response.bodyAsJsonObject().getString("reason")).as(name).isEqualTo("malformed");
    });
  }

  @Test
  @DisplayName("jwt/verify answers 401 invalid_token for each absurd exp, nbf, iat and root_iat")
  void verify() {
    TestTokens.absurdNumericDates("42").forEach((name, token) -> {
      HttpResponse<Buffer> response = fixture.verify(fixture.adapter.port(), token);
      assertThat(response.statusCode()).as("%s: %s", name, response.bodyAsString()).isEqualTo(401);
      assertThat(response.getHeader("WWW-Authenticate")).as(name).contains("invalid_token");
    });
  }

  @Test
  @DisplayName("a token with sane NumericDates, fractions included, is still valid")
  void saneStillValid() {
    double now = Instant.now().toEpochMilli() / 1000.0;
    JsonObject claims = TestTokens.primaryClaims("42").put("iat", now).put("exp", now + 600).put("nbf", now - 1).put("root_iat", now - 60);
    assertThat(fixture.validate(TestTokens.primary(claims)).getBoolean("valid")).isTrue();
  }
}
