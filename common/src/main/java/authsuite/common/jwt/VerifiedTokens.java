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

/**
 * Tokens whose signature and static claims were already checked, keyed by a SHA-256 of the token
 * (the token itself is never kept). A hit skips parsing and the signature, nothing else: expiry,
 * revocation, audience and roles are checked on every use. Entries never outlive the token.
 */
public final class VerifiedTokens {
  public record Entry(Identity identity, JsonObject claims, long notBefore, long expiresAt, long issuedAt, long leewaySeconds,
                      String encodedIdentity, Buffer validAnswer) {
    public Entry(Identity identity, JsonObject claims, long notBefore, long expiresAt, long issuedAt, long leewaySeconds) {
      this(identity, claims, notBefore, expiresAt, issuedAt, leewaySeconds, identity.toJson().encode());
    }

    private Entry(Identity identity, JsonObject claims, long notBefore, long expiresAt, long issuedAt, long leewaySeconds,
                  String encodedIdentity) {
      this(identity, claims, notBefore, expiresAt, issuedAt, leewaySeconds, encodedIdentity, TokenCheck.validAnswer(encodedIdentity));
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

  public Entry get(Object key) {
    return entries.get((Key) key);
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
