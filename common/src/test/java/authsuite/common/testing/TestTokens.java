package authsuite.common.testing;

import authsuite.common.jwt.InternalTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one place tests get secrets and tokens from: well-formed tokens of every kind the suite
 * meets, and the hand-made hostile ones (any header, any signature) that a library would refuse
 * to produce.
 */
public final class TestTokens {
  public static final String JWT_SECRET_KEY = "test-jwt-secret-key-0123456789abcdef-0123456789";
  public static final String SERVICE_SECRET = "test-service-secret-0123456789abcdef-0123456789";
  public static final String EMERGENCY_SIGNING_KEY = "test-emergency-key-0123456789abcdef-0123456789";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private TestTokens() {
  }

  /** An internal token valid for one minute, as an operator or a peer service would present it. */
  public static String internal(Vertx vertx) {
    return InternalTokens.create(vertx, SERVICE_SECRET).mint("test", Duration.ofMinutes(1));
  }

  /** Claims as the primary auth service (PyJWT) writes them: sub, email, type, iat, exp. */
  public static JsonObject primaryClaims(String userId) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", userId).put("email", "user" + userId + "@example.com")
        .put("type", "access").put("iat", now).put("exp", now + 900);
  }

  /** HS256 with the shared JWT_SECRET_KEY: a primary-auth token. */
  public static String primary(JsonObject claims) {
    return hmac(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, JWT_SECRET_KEY.getBytes(StandardCharsets.UTF_8));
  }

  /** Claims of an emergency token as the fallback provider mints them: iss authsuite-emergency, 10 minutes. */
  public static JsonObject emergencyClaims(String userId) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", "authsuite-emergency").put("sub", userId).put("token_type", "emergency")
        .put("roles", new io.vertx.core.json.JsonArray().add("emergency-user"))
        .put("iat", now).put("exp", now + 600).put("jti", "e-" + userId + "-" + now);
  }

  /** HS256 with EMERGENCY_SIGNING_KEY: an emergency token. */
  public static String emergency(JsonObject claims) {
    return hmac(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, EMERGENCY_SIGNING_KEY.getBytes(StandardCharsets.UTF_8));
  }

  /** Any header, signed HS256 with any secret bytes (the RSA-public-key-as-secret attack uses this). */
  public static String hmac(JsonObject header, JsonObject claims, byte[] secret) {
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signed by an external issuer's RSA key, header {alg: RS256, kid} plus any extra header fields. */
  public static String rs256(RSAKey key, JsonObject claims, JsonObject extraHeader) {
    try {
      return signed(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", key.getKeyID()).mergeIn(extraHeader),
          claims, new RSASSASigner(key), JWSAlgorithm.RS256);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String es256(ECKey key, JsonObject claims, JsonObject extraHeader) {
    try {
      return signed(new JsonObject().put("alg", "ES256").put("typ", "JWT").put("kid", key.getKeyID()).mergeIn(extraHeader),
          claims, new ECDSASigner(key), JWSAlgorithm.ES256);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsigned token: {@code header.payload.} with whatever alg the header claims. */
  public static String unsigned(JsonObject header, JsonObject claims) {
    return encode(header) + "." + encode(claims) + ".";
  }

  public static String encode(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String signed(JsonObject header, JsonObject claims, JWSSigner signer, JWSAlgorithm algorithm) {
    String signingInput = encode(header) + "." + encode(claims);
    try {
      return signingInput + "." + signer.sign(new JWSHeader(algorithm), signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Primary tokens, correctly signed, whose only fault is one NumericDate claim that is no date: out of
   * 1970..9999, past a long, or not finite as a double ({@code 1e308} is finite, its uses overflow). Keyed by
   * {@code claim=value} for assertion messages.
   */
  public static java.util.Map<String, String> absurdNumericDates(String userId) {
    long now = Instant.now().getEpochSecond();
    Object[][] cases = {
        {"exp", 1e308}, {"exp", 9.3e18}, {"exp", new java.math.BigInteger("9223372036854775808")}, {"exp", -1e308},
        {"exp", 253_402_300_800L}, {"iat", -1e308}, {"iat", 1e308}, {"iat", -1}, {"nbf", -1e308}, {"nbf", 9.3e18},
        {"nbf", 1e308}, {"root_iat", -1e308}, {"root_iat", 1e308}, {"root_iat", 9.3e18}};
    java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
    for (Object[] absurd : cases) {
      JsonObject claims = primaryClaims(userId).put("iat", now).put("exp", now + 600).put((String) absurd[0], absurd[1]);
      tokens.put(absurd[0] + "=" + absurd[1], primary(claims));
    }
    return tokens;
  }
}
