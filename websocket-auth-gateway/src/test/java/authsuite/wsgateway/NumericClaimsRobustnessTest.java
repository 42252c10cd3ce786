package authsuite.wsgateway;

import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@ExtendWith(VertxExtension.class)
@DisplayName("ws-auth/validate refuses a token whose exp, nbf, iat or root_iat is no date as malformed, never a 500")
class NumericClaimsRobustnessTest {
  private GatewayFixture fixture;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
    port = fixture.start().port();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("each absurd NumericDate gets valid:false malformed, and no ticket")
  void absurdNumericDates() {
    TestTokens.absurdNumericDates("42").forEach((name, token) -> {
      HttpResponse<Buffer> response = fixture.ticket(port, token);
      assertThat(response.statusCode()).as("%s: %s", name, response.bodyAsString()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getBoolean("valid")).as(name).isFalse();
      assertThat(response.bodyAsJsonObject().getString("reason")).as(name).isEqualTo("malformed");
      assertThat(response.bodyAsJsonObject().containsKey("ticket")).as(name).isFalse();
    });
  }
}
