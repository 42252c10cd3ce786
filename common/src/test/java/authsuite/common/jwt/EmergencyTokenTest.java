package authsuite.common.jwt;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.keys.SuiteKeys;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Emergency tokens: HS256 with EMERGENCY_SIGNING_KEY, token_type emergency, 15 minutes at most")
class EmergencyTokenTest {
  private static final String ISSUER = "authsuite-emergency";

  private static JwtSettings settings(String emergencyKey, Duration ttl) {
    return new JwtSettings(TestTokens.JWT_SECRET_KEY, null, null, "authsuite", emergencyKey, ISSUER, ttl,
        Optional.empty(), Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofDays(7), Duration.ZERO,
        Duration.ofMinutes(5), Duration.ofSeconds(30), List.of());
  }

  private record Kit(TokenValidator validator, TokenMinter minter, Revocations revocations) {
  }

  private static Kit kit(Vertx vertx, JwtSettings settings) {
    Revocations revocations = Revocations.inMemory(vertx, AuthEventChannel.local(vertx, "emergency-test"));
    revocations.start().await();
    SuiteKeys keys = SuiteKeys.load(vertx, null, "emergency-test:").await();
    TokenValidator validator = new TokenValidator(settings, new PrimarySecrets(settings.jwtSecretKey(), null), keys, List.of(),
        revocations, new VerifiedTokens(VerifiedTokens.DEFAULT_MAX_BYTES, Clock.systemUTC()), Clock.systemUTC());
    return new Kit(validator, new TokenMinter(vertx, settings, keys, Clock.systemUTC()), revocations);
  }

  private static Identity alice() {
    return new Identity("42", "42", "alice@example.com", "alice", List.of("emergency-user"), List.of("read"), null,
        null, List.of(), null, null, "access", "jwt", false);
  }

  private static JsonObject emergencyClaims(long lifetimeSeconds) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", ISSUER).put("sub", "42").put("token_type", "emergency")
        .put("iat", now).put("exp", now + lifetimeSeconds).put("jti", "e-1");
  }

  private static String signedWith(String key, JsonObject claims) {
    return TestTokens.hmac(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a minted emergency token validates with source emergency and the reduced roles it was given")
  void mintedTokenValidates(Vertx vertx) {
    Kit kit = kit(vertx, settings(TestTokens.EMERGENCY_SIGNING_KEY, Duration.ofMinutes(10)));
    TokenMinter.EmergencyToken minted = kit.minter().emergency(alice(), null, Lineage.NONE);

    TokenCheck check = kit.validator().validate(minted.token(), TokenUse.REQUEST).await();

    assertThat(check.isValid()).isTrue();
    assertThat(check.identity().tokenType()).isEqualTo("emergency");
    assertThat(check.identity().source()).isEqualTo("emergency");
    assertThat(check.identity().issuer()).isEqualTo(ISSUER);
    assertThat(check.identity().roles()).containsExactly("emergency-user");
    assertThat(minted.expiresIn()).isEqualTo(600);
    assertThat(check.identity().expiresAt()).isEqualTo(minted.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  @DisplayName("the lifetime never passes the caller's limit, nor 15 minutes")
  void lifetimeBounded(Vertx vertx) {
    Kit kit = kit(vertx, settings(TestTokens.EMERGENCY_SIGNING_KEY, Duration.ofHours(2)));
    assertThat(kit.minter().emergency(alice(), null, Lineage.NONE).expiresIn()).isEqualTo(900);
    Instant soon = Instant.now().plusSeconds(120);
    assertThat(kit.minter().emergency(alice(), soon, Lineage.NONE).expiresAt()).isEqualTo(soon);
  }

  @Test
  @DisplayName("emergency claims signed with the primary secret, or living over 15 minutes, or not of type emergency, are refused")
  void forgedOrOverlong(Vertx vertx) {
    Kit kit = kit(vertx, settings(TestTokens.EMERGENCY_SIGNING_KEY, Duration.ofMinutes(15)));

    assertThat(kit.validator().validate(signedWith(TestTokens.JWT_SECRET_KEY, emergencyClaims(600)), TokenUse.REQUEST).await().reason())
        .isEqualTo(TokenCheck.BAD_SIGNATURE);
    assertThat(kit.validator().validate(signedWith(TestTokens.EMERGENCY_SIGNING_KEY, emergencyClaims(3600)), TokenUse.REQUEST).await().reason())
        .isEqualTo(TokenCheck.MALFORMED);
    assertThat(kit.validator().validate(signedWith(TestTokens.EMERGENCY_SIGNING_KEY, emergencyClaims(600).put("token_type", "access")),
        TokenUse.REQUEST).await().reason()).isEqualTo(TokenCheck.MALFORMED);
    assertThat(kit.validator().validate(signedWith(TestTokens.EMERGENCY_SIGNING_KEY, emergencyClaims(-120)), TokenUse.REQUEST).await().reason())
        .isEqualTo(TokenCheck.TOKEN_EXPIRED);
  }

  @Test
  @DisplayName("the emergency key cannot sign a primary token: without iss it is checked against JWT_SECRET_KEY")
  void emergencyKeyIsNotPrimary(Vertx vertx) {
    Kit kit = kit(vertx, settings(TestTokens.EMERGENCY_SIGNING_KEY, Duration.ofMinutes(15)));
    String token = signedWith(TestTokens.EMERGENCY_SIGNING_KEY, emergencyClaims(600).copy().put("iss", (String) null));
    assertThat(kit.validator().validate(token, TokenUse.REQUEST).await().reason()).isEqualTo(TokenCheck.BAD_SIGNATURE);
  }

  @Test
  @DisplayName("without EMERGENCY_SIGNING_KEY, emergency tokens come from an unknown issuer")
  void noKeyNoEmergency(Vertx vertx) {
    Kit kit = kit(vertx, settings(null, Duration.ofMinutes(15)));
    String token = signedWith(TestTokens.EMERGENCY_SIGNING_KEY, emergencyClaims(600));
    assertThat(kit.validator().validate(token, TokenUse.REQUEST).await().reason()).isEqualTo(TokenCheck.UNKNOWN_ISSUER);
  }

  @Test
  @DisplayName("a revoked emergency token id is refused")
  void revoked(Vertx vertx) {
    Kit kit = kit(vertx, settings(TestTokens.EMERGENCY_SIGNING_KEY, Duration.ofMinutes(15)));
    TokenMinter.EmergencyToken minted = kit.minter().emergency(alice(), null, Lineage.NONE);
    kit.revocations().revokeToken(minted.jti(), minted.expiresAt()).await();
    assertThat(kit.validator().validate(minted.token(), TokenUse.REQUEST).await().reason()).isEqualTo(TokenCheck.REVOKED);
  }
}
