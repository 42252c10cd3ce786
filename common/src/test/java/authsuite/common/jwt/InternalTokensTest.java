package authsuite.common.jwt;

import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("Internal tokens: SERVICE_SECRET, audience authsuite-internal, at most five minutes")
class InternalTokensTest {
  @Test
  @DisplayName("a minted token verifies and names its subject")
  void roundTrip(Vertx vertx) {
    InternalTokens tokens = InternalTokens.create(vertx, TestTokens.SERVICE_SECRET);
    var user = tokens.verify(tokens.mint("ops", Duration.ofMinutes(2))).await();
    assertThat(user.principal().getString("sub")).isEqualTo("ops");
    assertThat(user.principal().getString("aud")).isEqualTo(InternalTokens.AUDIENCE);
  }

  @Test
  @DisplayName("a lifetime over five minutes is clamped to five")
  void lifetimeClamped(Vertx vertx) {
    InternalTokens tokens = InternalTokens.create(vertx, TestTokens.SERVICE_SECRET);
    JsonObject claims = claimsOf(tokens.mint("ops", Duration.ofHours(3)));
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(300);
  }

  @Test
  @DisplayName("a token signed with another secret is refused")
  void otherSecret(Vertx vertx) {
    String forged = InternalTokens.create(vertx, TestTokens.JWT_SECRET_KEY).mint("ops", Duration.ofMinutes(1));
    assertThatThrownBy(() -> InternalTokens.create(vertx, TestTokens.SERVICE_SECRET).verify(forged).await());
  }

  @Test
  @DisplayName("a token for another audience, or one that lives too long, is refused even with the right secret")
  void wrongAudienceOrLifetime(Vertx vertx) {
    JWTAuth raw = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestTokens.SERVICE_SECRET)));
    InternalTokens tokens = InternalTokens.create(vertx, TestTokens.SERVICE_SECRET);
    String otherAudience = raw.generateToken(new JsonObject().put("token_type", "internal"),
        new JWTOptions().setAudience(List.of("app")).setIssuer(InternalTokens.ISSUER).setExpiresInSeconds(60));
    String longLived = raw.generateToken(new JsonObject().put("token_type", "internal"),
        new JWTOptions().setAudience(List.of(InternalTokens.AUDIENCE)).setIssuer(InternalTokens.ISSUER).setExpiresInSeconds(3600));
    assertThatThrownBy(() -> tokens.verify(otherAudience).await());
    assertThatThrownBy(() -> tokens.verify(longLived).await()).hasMessageContaining("at most 5 minutes");
  }

  @Test
  @DisplayName("a token with alg none is refused")
  void algNone(Vertx vertx) {
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    long now = System.currentTimeMillis() / 1000;
    String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(new JsonObject()
        .put("token_type", "internal").put("aud", InternalTokens.AUDIENCE).put("iss", InternalTokens.ISSUER)
        .put("iat", now).put("exp", now + 60).encode().getBytes());
    assertThatThrownBy(() -> InternalTokens.create(vertx, TestTokens.SERVICE_SECRET).verify(header + "." + payload + ".").await());
  }

  private static JsonObject claimsOf(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
  }
}
