package authsuite.session;

import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@DisplayName("session/validate answers a token whose exp, nbf, iat or root_iat is no date as malformed, never a 500")
class NumericClaimsRobustnessTest extends StartedServiceTest {

  @Test
  @DisplayName("bearer and body tokens with absurd NumericDates are valid:false malformed")
  void absurdNumericDates() {
    TestTokens.absurdNumericDates("42").forEach((name, token) -> {
      HttpResponse<Buffer> bearer = fixture.validate(r -> r.putHeader("Authorization", "Bearer " + token));
      assertThat(bearer.statusCode()).as("%s: %s", name, bearer.bodyAsString()).isEqualTo(200);
      assertThat(bearer.bodyAsJsonObject().getBoolean("valid")).as(name).isFalse();
      assertThat(bearer.bodyAsJsonObject().getString("reason")).as(name).isEqualTo("malformed");
      HttpResponse<Buffer> body = fixture.validateBody(new JsonObject().put("token", token));
      assertThat(body.statusCode()).as("%s: %s", name, body.bodyAsString()).isEqualTo(200);
      assertThat(body.bodyAsJsonObject().getString("reason")).as(name).isEqualTo("malformed");
    });
  }

  @Test
  @DisplayName("session/normalize refuses JWT claims whose exp is no date with 400 invalid_session, never a 500")
  void normalizeAbsurdExpiry() {
    for (Object exp : new Object[] {1e308, 9.3e18, -1e308, new java.math.BigInteger("9223372036854775808")}) {
      JsonObject claims = new JsonObject().put("sub", "42").put("exp", exp);
      HttpResponse<Buffer> answer = fixture.post("/api/v1/session/normalize")
          .sendJsonObject(new JsonObject().put("session", claims).put("format", "jwt_claims")).await();
      assertThat(answer.statusCode()).as("exp=%s: %s", exp, answer.bodyAsString()).isEqualTo(400);
      assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("invalid_session");
      assertThat(answer.bodyAsJsonObject().getString("detail")).contains("exp");
    }
  }
}
