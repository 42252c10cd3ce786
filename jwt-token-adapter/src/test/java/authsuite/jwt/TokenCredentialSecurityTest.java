package authsuite.jwt;

import authsuite.common.events.AuthEvent;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The JWT core's credential rules as a client of the adapter meets them (docs/threat-model.md). */
@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("Credential rules of the JWT core, attacked over HTTP")
class TokenCredentialSecurityTest {
  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private AdapterFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new AdapterFixture(vertx).start();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a signature respelled with the unused low bits of its last character set is malformed, as are repeated claim names")
  void oneTokenOneSpelling() {
    String token = TestTokens.primary(TestTokens.primaryClaims("41"));
    assertThat(fixture.validate(token).getBoolean("valid")).isTrue();
    List<String> respelled = respellings(token);
    assertThat(respelled).isNotEmpty();
    for (String variant : respelled) {
      assertThat(fixture.validate(variant).getString("reason")).as(variant).isEqualTo("malformed");
    }

    long now = Instant.now().getEpochSecond();
    String twice = rawPrimary("{\"sub\":\"alice\",\"sub\":\"mallory\",\"type\":\"access\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
    assertThat(fixture.validate(twice).getString("reason")).isEqualTo("malformed");
    String headerTwice = rawPrimary("{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
        "{\"sub\":\"alice\",\"type\":\"access\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
    assertThat(fixture.validate(headerTwice).getString("reason")).isEqualTo("malformed");
  }

  @Test
  @DisplayName("an internal token respelled the same way is refused at an internal endpoint")
  void internalTokensHaveOneSpelling() {
    String internal = TestTokens.internal(fixture.vertx);
    for (String variant : respellings(internal)) {
      HttpResponse<Buffer> answer = fixture.client.post(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/revoke")
          .putHeader("Authorization", "Bearer " + variant).sendJsonObject(new JsonObject().put("jti", "x")).await();
      assertThat(answer.statusCode()).as(variant).isEqualTo(401);
      assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("invalid_internal_token");
    }
  }

  @Test
  @DisplayName("a reused jti-less primary refresh token stays reused under every respelling: none rotates into a fresh family")
  void reuseIsNotBeatenBySpelling() {
    String refresh = TestTokens.primary(TestTokens.primaryClaims("42").put("type", "refresh"));
    assertThat(refresh(refresh).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> reused = refresh(refresh);
    assertThat(reused.statusCode()).isEqualTo(401);
    assertThat(reused.bodyAsJsonObject().getString("code")).isEqualTo("refresh_token_reused");

    for (String variant : respellings(refresh)) {
      HttpResponse<Buffer> answer = refresh(variant);
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(401);
      assertThat(answer.bodyAsJsonObject().getString("code")).isIn("malformed", "refresh_token_reused", "revoked");
    }
  }

  @Test
  @DisplayName("an exchanged token dies with its source's family when the family is revoked for reuse, here and on a second instance")
  void exchangedTokenDiesWithItsFamily() throws Exception {
    TokenAdapterVerticle second = fixture.startAnother();
    String primaryRefresh = TestTokens.primary(TestTokens.primaryClaims("43").put("type", "refresh").put("jti", "r-43-" + System.nanoTime()));
    JsonObject pair = refresh(primaryRefresh).bodyAsJsonObject();
    String exchanged = exchange(pair.getString("access_token"));
    assertThat(fixture.validate(exchanged).getBoolean("valid")).isTrue();

    assertThat(refresh(pair.getString("refresh_token")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> reused = refresh(pair.getString("refresh_token"));
    assertThat(reused.bodyAsJsonObject().getString("code")).isEqualTo("refresh_token_reused");

    assertThat(fixture.validate(exchanged).getString("reason")).isEqualTo("revoked");
    assertThat(eventually(() -> fixture.validate(second.port(), new JsonObject().put("token", exchanged)).getString("reason")))
        .isEqualTo("revoked");
    assertThat(fixture.verify(second.port(), exchanged).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("an exchanged token dies when its source's jti is revoked, and so does a token exchanged from that one")
  void exchangedTokenDiesWithItsSource() {
    String source = TestTokens.primary(TestTokens.primaryClaims("44").put("jti", "src-44-" + System.nanoTime()));
    String exchanged = exchange(source);
    String exchangedAgain = exchange(exchanged);
    assertThat(fixture.validate(exchangedAgain).getBoolean("valid")).isTrue();

    assertThat(fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("jti", jtiOf(source))).statusCode()).isEqualTo(200);

    assertThat(fixture.validate(source).getString("reason")).isEqualTo("revoked");
    assertThat(fixture.validate(exchanged).getString("reason")).isEqualTo("revoked");
    assertThat(fixture.validate(exchangedAgain).getString("reason")).isEqualTo("revoked");
  }

  @Test
  @DisplayName("a user's not-before between a source's iat and its exchanged token's iat revokes the exchanged token too")
  void userRevocationReachesDescendants() throws Exception {
    long now = Instant.now().getEpochSecond();
    String source = TestTokens.primary(TestTokens.primaryClaims("49").put("iat", now - 20).put("jti", "src-49-" + System.nanoTime()));
    String exchanged = exchange(source);
    assertThat(fixture.validate(exchanged).getBoolean("valid")).isTrue();

    // as the coordinator's sync-auth sends it: every token of the user issued up to ten seconds ago
    fixture.adapter.platform().events().publish(AuthEvent.of("revoke_user",
        new JsonObject().put("user_id", "49").put("not_before", now - 10), "test")).await();

    assertThat(eventually(() -> fixture.validate(source).getString("reason"))).isEqualTo("revoked");
    assertThat(eventually(() -> fixture.validate(exchanged).getString("reason"))).isEqualTo("revoked");
  }

  @Test
  @DisplayName("a refresh token does not authenticate: validate answers wrong_token_type and verify 401; refresh wants one")
  void refreshTokenIsNoAccessCredential() {
    String primaryRefresh = TestTokens.primary(TestTokens.primaryClaims("45").put("type", "refresh").put("jti", "r-45-" + System.nanoTime()));
    JsonObject pair = refresh(primaryRefresh).bodyAsJsonObject();
    String suiteRefresh = pair.getString("refresh_token");
    String tokenTypeRefresh = TestTokens.primary(TestTokens.primaryClaims("45").put("token_type", "refresh"));

    for (String refresh : List.of(primaryRefresh, suiteRefresh, tokenTypeRefresh)) {
      JsonObject answer = fixture.validate(refresh);
      assertThat(answer.getBoolean("valid")).as(answer.encode()).isFalse();
      assertThat(answer.getString("reason")).isEqualTo("wrong_token_type");
      HttpResponse<Buffer> verified = fixture.verify(fixture.adapter.port(), refresh);
      assertThat(verified.statusCode()).isEqualTo(401);
      assertThat(verified.getHeader("X-User-Id")).isNull();
    }
    HttpResponse<Buffer> exchanged = fixture.post(fixture.adapter.port(), "/api/v1/jwt/exchange", new JsonObject().put("token", suiteRefresh));
    assertThat(exchanged.statusCode()).isEqualTo(400);
    assertThat(exchanged.bodyAsJsonObject().getString("code")).isEqualTo("unsupported_token_type");

    HttpResponse<Buffer> accessAsRefresh = refresh(pair.getString("access_token"));
    assertThat(accessAsRefresh.statusCode()).isEqualTo(401);
    assertThat(accessAsRefresh.bodyAsJsonObject().getString("code")).isEqualTo("wrong_token_type");
  }

  @Test
  @DisplayName("a signed token that names no user (absent, empty, array or object user claim) is malformed")
  void noUserNoIdentity() {
    List<JsonObject> nobodies = List.of(
        stripUser(TestTokens.primaryClaims("x")),
        TestTokens.primaryClaims("x").put("sub", ""),
        TestTokens.primaryClaims("x").put("sub", new JsonArray().add("46").add("47")),
        TestTokens.primaryClaims("x").put("sub", new JsonObject().put("id", "46")),
        stripUser(TestTokens.primaryClaims("x")).put("user_id", true));
    for (JsonObject claims : nobodies) {
      JsonObject answer = fixture.validate(TestTokens.primary(claims));
      assertThat(answer.getString("reason")).as(claims.encode()).isEqualTo("malformed");
    }
  }

  @Test
  @DisplayName("a user revocation revokes a token issued in its own second; a suite-style token a millisecond later is fine")
  void revocationInTheSameSecond() {
    HttpResponse<Buffer> revoked = fixture.internalPost("/api/v1/jwt/revoke", new JsonObject().put("user_id", "48"));
    assertThat(revoked.statusCode()).isEqualTo(200);
    Instant notBefore = Instant.parse(revoked.bodyAsJsonObject().getJsonObject("revoked").getString("not_before"));

    String sameSecond = TestTokens.primary(TestTokens.primaryClaims("48").put("iat", notBefore.getEpochSecond()));
    assertThat(fixture.validate(sameSecond).getString("reason")).isEqualTo("revoked");
    assertThat(fixture.verify(fixture.adapter.port(), sameSecond).statusCode()).isEqualTo(401);

    Instant justAfter = notBefore.plusMillis(1);
    String signedInAfter = TestTokens.primary(TestTokens.primaryClaims("48")
        .put("iat", new java.math.BigDecimal(justAfter.toEpochMilli()).movePointLeft(3)));
    assertThat(fixture.validate(signedInAfter).getBoolean("valid")).isTrue();
  }

  private HttpResponse<Buffer> refresh(String refreshToken) {
    return fixture.post(fixture.adapter.port(), "/api/v1/jwt/refresh", new JsonObject().put("refresh_token", refreshToken));
  }

  private String exchange(String token) {
    HttpResponse<Buffer> response = fixture.post(fixture.adapter.port(), "/api/v1/jwt/exchange", new JsonObject().put("token", token));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("access_token");
  }

  private static JsonObject stripUser(JsonObject claims) {
    claims.remove("sub");
    return claims;
  }

  private static String jtiOf(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8)).getString("jti");
  }

  /** The token with its last character's unused low bits set in each other way: same bytes to a lenient decoder. */
  static List<String> respellings(String token) {
    int signatureLength = token.length() - token.lastIndexOf('.') - 1;
    int unused = switch (signatureLength % 4) {
      case 2 -> 0b1111;
      case 3 -> 0b11;
      default -> 0;
    };
    int last = BASE64URL.indexOf(token.charAt(token.length() - 1));
    List<String> variants = new ArrayList<>();
    for (int bits = 1; bits <= unused; bits++) {
      variants.add(token.substring(0, token.length() - 1) + BASE64URL.charAt(last | bits));
    }
    return variants;
  }

  /** A primary-signed token whose JSON is written by hand, for what a JSON library would not write. */
  private static String rawPrimary(String payload) {
    return rawPrimary("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
  }

  private static String rawPrimary(String header, String payload) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(TestTokens.JWT_SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String eventually(Supplier<String> read) {
    return Eventually.until(read, "revoked"::equals, Duration.ofSeconds(2));
  }

}
