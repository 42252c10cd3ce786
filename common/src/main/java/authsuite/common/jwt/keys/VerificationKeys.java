package authsuite.common.jwt.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The keys of one JWK set that can verify a signature in one of the issuer's allowed algorithms, by kid.
 * Immutable: a refresh builds a new one and swaps it in whole, so readers never lock.
 *
 * @param byKid    usable keys that have a kid (public parts only)
 * @param kidless  the issuer's only usable key when it has no kid, for tokens without a kid; else null
 * @param fetchedAt when the set was downloaded; null for the empty set before any download
 */
record VerificationKeys(Map<String, JWK> byKid, JWK kidless, Instant fetchedAt) {
  static final VerificationKeys NONE = new VerificationKeys(Map.of(), null, null);

  static VerificationKeys select(JWKSet set, Set<JWSAlgorithm> allowed, Instant fetchedAt) {
    List<JWK> usable = set.getKeys().stream().filter(key -> verifies(key, allowed)).map(JWK::toPublicJWK).toList();
    Map<String, JWK> byKid = new LinkedHashMap<>();
    List<JWK> withoutKid = new ArrayList<>();
    for (JWK key : usable) {
      if (key.getKeyID() == null) {
        withoutKid.add(key);
      } else {
        // a repeated kid is ambiguous: the first one published wins, as it would for most verifiers
        byKid.putIfAbsent(key.getKeyID(), key);
      }
    }
    JWK kidless = usable.size() == 1 && withoutKid.size() == 1 ? withoutKid.get(0) : null;
    return new VerificationKeys(Map.copyOf(byKid), kidless, fetchedAt);
  }

  static Set<JWSAlgorithm> algorithms(Set<String> names) {
    return names.stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
  }

  /** The key for {@code kid}; a null kid finds the issuer's only key, when it has exactly one and it has no kid. */
  JWK lookup(String kid) {
    return kid == null ? kidless : byKid.get(kid);
  }

  int size() {
    return byKid.size() + (kidless == null ? 0 : 1);
  }

  private static boolean verifies(JWK key, Set<JWSAlgorithm> allowed) {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return false;
    }
    if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
      return false;
    }
    return allowed.stream()
        .filter(alg -> key.getAlgorithm() == null || key.getAlgorithm().equals(alg))
        .anyMatch(alg -> fits(key, alg));
  }

  private static boolean fits(JWK key, JWSAlgorithm alg) {
    if (key instanceof RSAKey) {
      return JWSAlgorithm.Family.RSA.contains(alg);
    }
    if (key instanceof ECKey ec) {
      return JWSAlgorithm.Family.EC.contains(alg) && curveFits(ec.getCurve(), alg);
    }
    if (key instanceof OctetKeyPair okp) {
      return JWSAlgorithm.Family.ED.contains(alg) && curveFits(okp.getCurve(), alg);
    }
    // an "oct" key in a JWKS would be a shared secret published to the world: never a verification key
    return false;
  }

  private static boolean curveFits(Curve curve, JWSAlgorithm alg) {
    Set<Curve> curves = Curve.forJWSAlgorithm(alg);
    if (curves != null) {
      return curves.contains(curve);
    }
    // nimbus maps no curve to the fully-specified EdDSA algorithms (Ed25519, Ed448): they are named after it
    return curve != null && curve.getName().equals(alg.getName());
  }
}
