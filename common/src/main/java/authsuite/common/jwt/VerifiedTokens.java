package authsuite.common.jwt;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Tokens whose signature and static claims were already checked, keyed by a SHA-256 of the token
 * (the token itself is never kept). A hit skips parsing and the signature, nothing else: expiry,
 * revocation, audience and roles are checked on every use, and so is the presence of the key that
 * verified it (an issuer that drops a key from its JWKS withdraws its tokens). Entries never outlive the token.
 */
public final class VerifiedTokens {
  /**
   * @param keyStillTrusted false once the key that verified the token has left its issuer's key set
   * @param tokenId the token's {@code jti}, or {@code sha256:<fingerprint>} for a token without one
   */
  public record Entry(Identity identity, JsonObject claims, long notBefore, long expiresAt, long issuedAt, long leewaySeconds,
                      BooleanSupplier keyStillTrusted, String tokenId, Lineage lineage, String encodedIdentity,
                      Buffer validAnswer) {
    public Entry(Identity identity, JsonObject claims, long notBefore, long expiresAt, long issuedAt, long leewaySeconds,
                 BooleanSupplier keyStillTrusted, String tokenId, Lineage lineage) {
      this(identity, claims, notBefore, expiresAt, issuedAt, leewaySeconds, keyStillTrusted, tokenId, lineage,
          identity.toJson().encode());
    }

    private Entry(Identity identity, JsonObject claims, long notBefore, long expiresAt, long issuedAt, long leewaySeconds,
                  BooleanSupplier keyStillTrusted, String tokenId, Lineage lineage, String encodedIdentity) {
      this(identity, claims, notBefore, expiresAt, issuedAt, leewaySeconds, keyStillTrusted, tokenId, lineage, encodedIdentity,
          TokenCheck.validAnswer(identity));
    }
  }

  private record Key(long a, long b, long c, long d) {
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  public VerifiedTokens(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  public static Object keyOf(String token) {
    ByteBuffer digest = ByteBuffer.wrap(SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII)));
    return new Key(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
  }

  /** The entry, or null when absent or when its key is no longer trusted (then it is forgotten). */
  public Entry get(Object key) {
    Entry entry = entries.get((Key) key);
    if (entry != null && !entry.keyStillTrusted().getAsBoolean()) {
      entries.remove((Key) key, entry);
      return null;
    }
    return entry;
  }

  public void put(Object key, Entry entry) {
    if (entries.size() >= maxEntries) {
      evictExpired();
      if (entries.size() >= maxEntries) {
        // a flood of distinct tokens: start over rather than track recency on the hot path
        entries.clear();
      }
    }
    entries.put((Key) key, entry);
  }

  public int size() {
    return entries.size();
  }

  private void evictExpired() {
    long now = Instant.now().getEpochSecond();
    entries.values().removeIf(entry -> entry.expiresAt() + entry.leewaySeconds() < now);
  }
}
