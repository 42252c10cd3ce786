package authsuite.common.jwt;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * RS256/384/512 signatures checked with a JCA {@link Signature} kept per thread and key, initialised once: Nimbus'
 * verifier looks the algorithm up and initialises a new one for every token, and takes the signature as base64url
 * text to decode again, which on a cache miss costs as much as a fifth of what the RSA operation does. The check is
 * the same one (PKCS #1 v1.5, the JDK's provider); a {@code Signature} returns to its initialised state after each
 * {@code verify}, and one that threw is dropped rather than reused.
 */
final class RsaSignatures {
  /** Keys a thread keeps signatures for before it starts afresh: issuers rotate keys, and a JWKS refresh makes new ones. */
  private static final int MAX_KEYS = 64;
  /** By slot: RS256, RS384, RS512. */
  private static final String[] JCA_NAMES = {"SHA256withRSA", "SHA384withRSA", "SHA512withRSA"};
  private static final ThreadLocal<Map<RSAPublicKey, Signature[]>> SIGNATURES = ThreadLocal.withInitial(IdentityHashMap::new);

  private RsaSignatures() {
  }

  /** Whether {@code signature} is {@code key}'s over {@code signingInput}; null for an algorithm other than RS256/384/512. */
  static Boolean verify(RSAPublicKey key, String algorithm, byte[] signingInput, byte[] signature) {
    int slot = slot(algorithm);
    if (slot < 0) {
      return null;
    }
    if (signature.length != (key.getModulus().bitLength() + 7) / 8) {
      return false;
    }
    Map<RSAPublicKey, Signature[]> byKey = SIGNATURES.get();
    Signature[] signatures = byKey.get(key);
    if (signatures == null) {
      if (byKey.size() >= MAX_KEYS) {
        byKey.clear();
      }
      signatures = new Signature[3];
      byKey.put(key, signatures);
    }
    try {
      Signature verifier = signatures[slot];
      if (verifier == null) {
        verifier = Signature.getInstance(JCA_NAMES[slot]);
        verifier.initVerify(key);
        signatures[slot] = verifier;
      }
      verifier.update(signingInput);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      signatures[slot] = null;
      return false;
    }
  }

  private static int slot(String algorithm) {
    return switch (algorithm) {
      case "RS256" -> 0;
      case "RS384" -> 1;
      case "RS512" -> 2;
      default -> -1;
    };
  }
}
