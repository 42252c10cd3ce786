package authsuite.common.jwt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 with the secret shared with the primary auth service, and the previous one during a
 * rotation (verify only). A {@link Mac} per thread and key: creating one per token would cost
 * more than the MAC itself.
 */
public final class PrimarySecrets {
  private static final String HMAC_SHA256 = "HmacSHA256";

  private final SecretKeySpec current;
  private final List<ThreadLocal<Mac>> verifiers = new ArrayList<>();

  public PrimarySecrets(String currentSecret, String previousSecret) {
    this.current = new SecretKeySpec(currentSecret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256);
    verifiers.add(macFor(current));
    if (previousSecret != null) {
      verifiers.add(macFor(new SecretKeySpec(previousSecret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256)));
    }
  }

  /** True when either secret produced this signature; compared in constant time. */
  public boolean verify(byte[] signingInput, byte[] signature) {
    for (ThreadLocal<Mac> verifier : verifiers) {
      if (MessageDigest.isEqual(verifier.get().doFinal(signingInput), signature)) {
        return true;
      }
    }
    return false;
  }

  /** Signs with the current secret, as the primary auth service would. */
  public byte[] sign(byte[] signingInput) {
    return verifiers.get(0).get().doFinal(signingInput);
  }

  private static ThreadLocal<Mac> macFor(SecretKeySpec key) {
    return ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(HMAC_SHA256);
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    });
  }
}
