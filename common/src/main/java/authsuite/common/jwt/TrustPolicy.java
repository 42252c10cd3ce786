package authsuite.common.jwt;

import authsuite.common.jwt.keys.IssuerKeys;
import authsuite.common.jwt.keys.SuiteKeys;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What one issuer is trusted with: its algorithms (an explicit allow-list, never {@code none},
 * never HS with a public key), where its keys come from, its audiences, leeway and claim mapping.
 */
final class TrustPolicy {
  interface SignatureCheck {
    /** null when the signature holds, else the reason; a failed future when the key cannot be had. */
    Future<String> verify(CompactJws jws);
  }

  /** Whether a key id is still among the issuer's keys. */
  interface KeyPresence {
    boolean holds(String kid);
  }

  private static final String JWT_SOURCE = "jwt";
  private static final KeyPresence SHARED_SECRET = kid -> true;
  private static final BooleanSupplier ALWAYS = () -> true;

  private static final Map<String, JWSHeader> HEADERS = new ConcurrentHashMap<>();
  private static final Future<String> SIGNATURE_OK = Future.succeededFuture(null);

  private final String name;
  private final Set<String> algorithms;
  private final List<String> audiences;
  private final Duration leeway;
  private final ClaimMapping mapping;
  private final SignatureCheck signatures;
  private final JsonObject status;
  private final IssuerKeys keys;
  private final KeyPresence presence;
  private final String source;

  private TrustPolicy(String name, Set<String> algorithms, List<String> audiences, Duration leeway, ClaimMapping mapping,
                      SignatureCheck signatures, JsonObject status, IssuerKeys keys, KeyPresence presence, String source) {
    this.name = name;
    this.algorithms = algorithms;
    this.audiences = audiences;
    this.leeway = leeway;
    this.mapping = mapping;
    this.signatures = signatures;
    this.status = status;
    this.keys = keys;
    this.presence = presence;
    this.source = source;
  }

  static TrustPolicy primary(JwtSettings settings, PrimarySecrets secrets) {
    List<String> audiences = settings.audience().map(List::of).orElse(null);
    String name = settings.primaryIssuer() != null ? settings.primaryIssuer() : "primary";
    return new TrustPolicy(name, Set.of("HS256"), audiences, settings.leeway(), ClaimMapping.defaults(),
        jws -> secrets.verify(jws.signingInput(), jws.signature()) ? SIGNATURE_OK : Future.succeededFuture(TokenCheck.BAD_SIGNATURE),
        new JsonObject().put("issuer", name).put("algorithms", new JsonArray().add("HS256"))
            .put("previous_secret", settings.jwtSecretKeyPrevious() != null), null, SHARED_SECRET, JWT_SOURCE);
  }

  /**
   * Emergency tokens of the fallback provider: HS256 with {@code EMERGENCY_SIGNING_KEY}, a key no
   * other issuer shares, so a leaked primary secret cannot mint them and they cannot pass as primary.
   */
  static TrustPolicy emergency(JwtSettings settings, PrimarySecrets emergencyKey) {
    List<String> audiences = settings.audience().map(List::of).orElse(null);
    return new TrustPolicy(settings.emergencyIssuer(), Set.of("HS256"), audiences, settings.leeway(),
        ClaimMapping.defaults(),
        jws -> emergencyKey.verify(jws.signingInput(), jws.signature()) ? SIGNATURE_OK : Future.succeededFuture(TokenCheck.BAD_SIGNATURE),
        new JsonObject().put("issuer", settings.emergencyIssuer()).put("algorithms", new JsonArray().add("HS256")), null,
        SHARED_SECRET, "emergency");
  }

  static TrustPolicy suite(JwtSettings settings, SuiteKeys keys) {
    List<String> audiences = settings.audience().map(List::of).orElse(null);
    SignatureCheck check = jws -> {
      JWSVerifier verifier = keys.verifier(jws.keyId());
      return verifier == null ? Future.succeededFuture(TokenCheck.UNKNOWN_KID) : Future.succeededFuture(verify(verifier, jws));
    };
    return new TrustPolicy(settings.suiteIssuer(), Set.of(SuiteKeys.ALGORITHM.getName()), audiences, settings.leeway(),
        ClaimMapping.defaults(), check, new JsonObject().put("issuer", settings.suiteIssuer())
            .put("algorithms", new JsonArray().add(SuiteKeys.ALGORITHM.getName())), null,
        kid -> keys.verifier(kid) != null, JWT_SOURCE);
  }

  static TrustPolicy external(IssuerSettings issuer, IssuerKeys keys) {
    Map<JWK, Optional<JWSVerifier>> verifiers = new ConcurrentHashMap<>();
    SignatureCheck check = jws -> {
      JWK cached = keys.cached(jws.keyId());
      Future<JWK> key = cached != null ? Future.succeededFuture(cached) : keys.fetch(jws.keyId());
      return key.map(jwk -> jwk == null ? TokenCheck.UNKNOWN_KID : verifyWithJwk(jwk, jws, verifiers));
    };
    return new TrustPolicy(issuer.issuer(), issuer.algorithms(), issuer.audiences(), issuer.leeway(),
        ClaimMapping.withOverrides(issuer.claims()), check,
        new JsonObject().put("algorithms", new JsonArray(List.copyOf(issuer.algorithms()))), keys,
        kid -> keys.cached(kid) != null, JWT_SOURCE);
  }

  private static String verifyWithJwk(JWK jwk, CompactJws jws, Map<JWK, Optional<JWSVerifier>> verifiers) {
    if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(jws.algorithm())) {
      return TokenCheck.ALG_NOT_ALLOWED;
    }
    Optional<JWSVerifier> verifier = verifiers.computeIfAbsent(jwk, TrustPolicy::verifierFor);
    if (verifier.isEmpty() || !verifier.get().supportedJWSAlgorithms().contains(JWSAlgorithm.parse(jws.algorithm()))) {
      return TokenCheck.ALG_NOT_ALLOWED;
    }
    return verify(verifier.get(), jws);
  }

  /** Empty for a key we cannot verify with (a type or curve no allowed algorithm uses). */
  private static Optional<JWSVerifier> verifierFor(JWK jwk) {
    try {
      if (jwk instanceof RSAKey rsa) {
        return Optional.of(new RSASSAVerifier(rsa));
      }
      if (jwk instanceof ECKey ec) {
        return Optional.of(new ECDSAVerifier(ec));
      }
    } catch (JOSEException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String verify(JWSVerifier verifier, CompactJws jws) {
    if (verifier instanceof RSASSAVerifier rsa) {
      Boolean valid = RsaSignatures.verify(rsa.getPublicKey(), jws.algorithm(), jws.signingInput(), jws.signature());
      if (valid != null) {
        return valid ? null : TokenCheck.BAD_SIGNATURE;
      }
    }
    JWSHeader header = HEADERS.computeIfAbsent(jws.algorithm(), alg -> new JWSHeader(JWSAlgorithm.parse(alg)));
    try {
      return verifier.verify(header, jws.signingInput(), Base64URL.encode(jws.signature())) ? null : TokenCheck.BAD_SIGNATURE;
    } catch (JOSEException e) {
      return TokenCheck.BAD_SIGNATURE;
    }
  }

  boolean allows(String algorithm) {
    return algorithms.contains(algorithm);
  }

  Future<String> verify(CompactJws jws) {
    return signatures.verify(jws);
  }

  /** With configured audiences, the token's {@code aud} (string or array) must name one of them. */
  boolean audienceAccepted(Object aud) {
    if (audiences == null || audiences.isEmpty()) {
      return true;
    }
    if (aud instanceof String single) {
      return audiences.contains(single);
    }
    if (aud instanceof JsonArray many) {
      return many.stream().anyMatch(audiences::contains);
    }
    return false;
  }

  ClaimMapping mapping() {
    return mapping;
  }

  String issuerName(JsonObject claims) {
    // the configured name's instance when they agree, so that cached identities share one string
    return claims.getValue("iss") instanceof String iss ? (iss.equals(name) ? name : iss) : name;
  }

  /**
   * Whether the key a token named is still one of this issuer's: checked on every use of a cached
   * verification, so that a key dropped from a JWKS (or a retired suite key) withdraws its tokens.
   * A shared secret cannot be dropped without a restart, so it always holds.
   */
  BooleanSupplier keyPresence(String kid) {
    return presence == SHARED_SECRET ? ALWAYS : () -> presence.holds(kid);
  }

  /** What the normalized identity reports as {@code source}: {@code jwt}, or {@code emergency}. */
  String source() {
    return source;
  }

  Duration leeway() {
    return leeway;
  }

  JsonObject status() {
    return keys == null ? status.copy() : keys.status().mergeIn(status);
  }
}
