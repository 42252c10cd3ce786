package authsuite.fallback;

import authsuite.common.events.ModeChange;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** An emergency token made from another token carries its lineage (docs/threat-model.md, "derived tokens carry their lineage"). */
@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("An emergency session made from a token dies with that token's family or jti")
class EmergencyLineageSecurityTest {
  private FallbackFixture fixture;
  private Revocations revocations;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx).start();
    fixture.forceMode(ModeChange.DEGRADED);
    // another instance of the suite revoking, through the same Redis and event channel as the service
    revocations = Revocations.redis(vertx, fixture.redis, fixture.prefix, fixture.events);
    revocations.start().await();
  }

  @AfterEach
  void stop() throws Exception {
    revocations.close().await();
    fixture.close();
  }

  @Test
  @DisplayName("revoking the source's refresh family (as a detected reuse does) revokes the emergency token made from it")
  void diesWithTheFamily() throws Exception {
    String family = "fam-" + UUID.randomUUID();
    String emergency = create(TestTokens.primaryClaims("42").put("jti", "a-" + UUID.randomUUID()).put("fam", family));
    assertThat(fixture.validate(emergency).getBoolean("valid")).isTrue();

    revocations.revokeFamily(family, Instant.now().plusSeconds(3600)).await();

    assertThat(eventuallyRevoked(emergency)).isEqualTo("revoked");
  }

  @Test
  @DisplayName("revoking the source's jti revokes the emergency token made from it")
  void diesWithItsSource() throws Exception {
    String source = "a-" + UUID.randomUUID();
    String emergency = create(TestTokens.primaryClaims("43").put("jti", source));
    assertThat(fixture.validate(emergency).getBoolean("valid")).isTrue();

    revocations.revokeToken(source, Instant.now().plusSeconds(3600)).await();

    assertThat(eventuallyRevoked(emergency)).isEqualTo("revoked");
  }

  private String create(JsonObject sourceClaims) {
    HttpResponse<Buffer> created = fixture.post("/api/v1/fallback/create",
        new JsonObject().put("token", TestTokens.primary(sourceClaims)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
    return created.bodyAsJsonObject().getString("access_token");
  }

  private String eventuallyRevoked(String token) {
    return Eventually.until(() -> fixture.validate(token).getString("reason"), "revoked"::equals, Duration.ofSeconds(2));
  }
}
