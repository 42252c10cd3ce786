package authsuite.jwt;

import authsuite.common.events.AuthEvent;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.HostileText;
import authsuite.common.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@DisplayName("Revocations take only real ids and real times: by request (400 naming the field) and by event (ignored, the next one still heard)")
class RevocationInputRobustnessTest extends StartedAdapterTest {

  private HttpResponse<Buffer> revoke(JsonObject body) {
    return fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/revoke")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(fixture.vertx))
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(HostileText.json(body))).await();
  }

  @Test
  @DisplayName("jwt/revoke: a jti, session_id or user_id that is no identifier is 400 invalid_identifier naming it")
  void hostileIds() {
    HostileText.identifiers().forEach((what, id) -> {
      for (String field : new String[] {"jti", "session_id", "user_id"}) {
        HttpResponse<Buffer> answer = revoke(new JsonObject().put(field, id));
        assertThat(answer.statusCode()).as("%s %s: %s", field, what, answer.bodyAsString()).isEqualTo(400);
        assertThat(answer.bodyAsJsonObject().getString("code")).as("%s %s", field, what).isEqualTo("invalid_identifier");
        assertThat(answer.bodyAsJsonObject().getString("field")).isEqualTo(field);
      }
    });
    assertThat(revoke(new JsonObject().put("jti", "j-ok-" + System.nanoTime())).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("revoke_user events whose not_before is no time revoke nobody, and the event after them is still applied")
  void absurdEventTimes() {
    String spared = "spared-" + System.nanoTime();
    String revoked = "revoked-" + System.nanoTime();
    for (Object notBefore : new Object[] {"garbage", 1e300, new BigInteger("9223372036854775808"), 9.3e18}) {
      fixture.adapter.platform().events().publish(AuthEvent.of("revoke_user",
          new JsonObject().put("user_id", spared).put("not_before", notBefore), "test")).await();
    }
    fixture.adapter.platform().events().publish(AuthEvent.of("revoke_user",
        new JsonObject().put("user_id", revoked).put("not_before", Instant.now().getEpochSecond() + 5), "test")).await();

    assertThat(eventually(() -> fixture.validate(TestTokens.primary(TestTokens.primaryClaims(revoked))).getString("reason")))
        .isEqualTo("revoked");
    // a not_before of 1e300 read as "the end of time" revoked every token the user will ever get
    JsonObject answer = fixture.validate(TestTokens.primary(TestTokens.primaryClaims(spared)));
    assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
  }

  private static String eventually(Supplier<String> reason) {
    return Eventually.until(reason, "revoked"::equals, Duration.ofSeconds(5));
  }
}
