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
}
