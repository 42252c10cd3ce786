package authsuite.jwt;

import authsuite.common.testing.MetricsText;
import authsuite.common.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("/metrics of the adapter counts validations by outcome and reason, and revocations by kind")
class TokenMetricsTest extends StartedAdapterTest {
  private static final String VALIDATIONS = "authsuite_token_validations_total";
  private static final String SERVICE = "jwt-token-adapter";

  @Test
  @DisplayName("a valid, an expired and a malformed token each add one to their own outcome and reason")
  void validationsByOutcomeAndReason() {
    MetricsText before = scrape();
    JsonObject expired = TestTokens.primaryClaims("5").put("iat", Instant.now().minusSeconds(3600).getEpochSecond())
        .put("exp", Instant.now().minusSeconds(1800).getEpochSecond());

    assertThat(fixture.validate(TestTokens.primary(TestTokens.primaryClaims("4"))).getBoolean("valid")).isTrue();
    assertThat(fixture.validate(TestTokens.primary(expired)).getString("reason")).isEqualTo("token_expired");
    assertThat(fixture.validate("not-a-token").getString("reason")).isEqualTo("malformed");

    MetricsText after = scrape();
    assertThat(delta(before, after, "outcome", "valid", "reason", "none")).isEqualTo(1);
    assertThat(delta(before, after, "outcome", "invalid", "reason", "token_expired")).isEqualTo(1);
    assertThat(delta(before, after, "outcome", "invalid", "reason", "malformed")).isEqualTo(1);
    // every reason is exposed from the start, at 0 until it happens: a rate() over it needs no first occurrence
    assertThat(after.value(VALIDATIONS, "service", SERVICE, "outcome", "invalid", "reason", "bad_signature")).isNotNull();
    assertThat(after.text()).doesNotContain("not-a-token");
  }

  @Test
  @DisplayName("revoking a token, a session and a user adds one to each kind")
  void revocationsByKind() {
    MetricsText before = scrape();
    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("jti", "metrics-jti")).statusCode()).isEqualTo(200);
    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("session_id", "metrics-sess")).statusCode()).isEqualTo(200);
    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("user_id", "metrics-user")).statusCode()).isEqualTo(200);

    MetricsText after = scrape();
    for (String kind : new String[] {"token", "session", "user"}) {
      assertThat(after.count("authsuite_revocations_total", "service", SERVICE, "kind", kind)
          - before.count("authsuite_revocations_total", "service", SERVICE, "kind", kind)).as(kind).isEqualTo(1);
    }
    assertThat(after.text()).doesNotContain("metrics-sess").doesNotContain("metrics-user");
  }

  private MetricsText scrape() {
    return MetricsText.scrape(fixture.client, fixture.adapter.port());
  }

  private static double delta(MetricsText before, MetricsText after, String... labels) {
    String[] withService = new String[labels.length + 2];
    withService[0] = "service";
    withService[1] = SERVICE;
    System.arraycopy(labels, 0, withService, 2, labels.length);
    return after.count(VALIDATIONS, withService) - before.count(VALIDATIONS, withService);
  }
}
