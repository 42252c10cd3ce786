package authsuite.session;

import authsuite.common.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JWT core's credential rules at session/validate (docs/threat-model.md, "one credential rule", "a missing user is not a user"). */
@Tag("security")
@DisplayName("session/validate takes only access credentials that name a user")
class SessionCredentialSecurityTest extends StartedServiceTest {

  @Test
  @DisplayName("a refresh token, by type or token_type, is wrong_token_type in every credential form")
  void refreshTokenIsNoSession() {
    for (JsonObject claims : List.of(TestTokens.primaryClaims("42").put("type", "refresh").put("jti", "r-42"),
        TestTokens.primaryClaims("42").put("type", (String) null).put("token_type", "refresh"))) {
      String refresh = TestTokens.primary(claims);
      for (JsonObject answer : List.of(
          SessionFixture.ok(fixture.validate(r -> r.putHeader("Authorization", "Bearer " + refresh))),
          SessionFixture.ok(fixture.validateBody(new JsonObject().put("token", refresh))))) {
        assertThat(answer.getBoolean("valid")).as(answer.encode()).isFalse();
        assertThat(answer.getString("reason")).isEqualTo("wrong_token_type");
      }
    }
  }

  @Test
  @DisplayName("a session id respelled with the unused low bits of its last character set is malformed, never the same session")
  void oneSessionIdOneSpelling() {
    String id = fixture.createSession("alice");
    assertThat(fixture.validateSessionId(id).getBoolean("valid")).isTrue();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(id.charAt(id.length() - 1));
    for (int bits = 1; bits <= 0b1111; bits++) {
      String respelled = id.substring(0, id.length() - 1) + alphabet.charAt(last | bits);
      JsonObject answer = fixture.validateSessionId(respelled);
      assertThat(answer.getString("reason")).as(respelled).isEqualTo("malformed");
    }
  }

  @Test
  @DisplayName("a signed token naming no user (none, empty, array or object) is malformed")
  void noUserNoSession() {
    JsonObject none = TestTokens.primaryClaims("x");
    none.remove("sub");
    for (JsonObject claims : List.of(none, TestTokens.primaryClaims("x").put("sub", ""),
        TestTokens.primaryClaims("x").put("sub", new JsonArray().add("1").add("2")),
        TestTokens.primaryClaims("x").put("sub", new JsonObject().put("id", "1")))) {
      String token = TestTokens.primary(claims);
      JsonObject answer = SessionFixture.ok(fixture.validate(r -> r.putHeader("Authorization", "Bearer " + token)));
      assertThat(answer.getString("reason")).as(claims.encode()).isEqualTo("malformed");
    }
  }
}
