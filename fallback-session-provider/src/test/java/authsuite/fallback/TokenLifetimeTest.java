package authsuite.fallback;

import authsuite.common.jwt.TokenUse;
import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.events.ModeChange;
import authsuite.common.jwt.JwtCore;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.testing.TestClock;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("An emergency token is refused once its lifetime is over")
class TokenLifetimeTest {
  /** The clock the provider mints and checks tokens on, and the normalizer's validator checks them on: advanced, not waited for. */
  private final TestClock clock = new TestClock();
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
    // the shortest lifetime the configuration allows, and no leeway
    fixture.start(fixture.config().put(JwtSettings.EMERGENCY_TOKEN_TTL_S, "30").put(JwtSettings.JWT_LEEWAY_S, "0"), clock);
    fixture.forceMode(ModeChange.DEGRADED);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("valid until expires_at, then token_expired here and in the normalizer's validator")
  void refusedAfterItsLifetime(Vertx vertx) throws Exception {
    JsonObject grant = fixture.signIn("alice", FallbackFixture.PASSWORD).bodyAsJsonObject();
    String token = grant.getString("access_token");
    Instant expiresAt = Instant.parse(grant.getString("expires_at"));
    assertThat(grant.getLong("expires_in")).isBetween(29L, 30L);
    assertThat(fixture.validate(token).getBoolean("valid")).isTrue();
    clock.advance(Duration.between(clock.instant(), expiresAt.minusMillis(500)));
    assertThat(fixture.validate(token).getBoolean("valid")).as("half a second before expires_at").isTrue();

    clock.advance(Duration.ofMillis(Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis()) + 1_500));

    assertThat(fixture.validate(token).getString("reason")).isEqualTo("token_expired");
    ServicePlatform normalizer = ServicePlatform.create(vertx,
        SuiteConfig.from(TestServices.embeddedConfig().put(JwtSettings.JWT_LEEWAY_S, "0")),
        SuiteService.SESSION_VALIDATION_NORMALIZER, Set.of());
    JwtCore core = JwtCore.start(normalizer, clock).await();
    try {
      assertThat(core.validator().validate(token, TokenUse.REQUEST).await().reason()).isEqualTo("token_expired");
    } finally {
      core.close().await();
      normalizer.close().await();
    }
  }
}
