package authsuite.common.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Tokens whose signature and static claims were already checked, keyed by a SHA-256 of the token
 * (the token itself is never kept). A hit skips parsing and the signature, nothing else: expiry,
 * revocation, audience and roles are checked on every use, and so is the presence of the key that
 * verified it (an issuer that drops a key from its JWKS withdraws its tokens). Entries never outlive the token.
 *
 * <p>Bounded by an estimate of the bytes its entries retain, not by their number: a flood of distinct tokens
 * evicts a few entries at a time, the least frequently and recently used first (Caffeine's W-TinyLFU), so a
 * token in steady use stays a hit through it.
 */
public final class VerifiedTokens {
  /** About 32,000 entries of the primary auth service's tokens (some 2 KB each as weighed, 1.7 KB retained). */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  /**
   * The weight of an entry: what it retains whatever its token (the cache's node and key, the entry, identity,
   * lineage, answer buffer) plus a charge per character of its token (claims, the identity's strings and the two
   * encodings of it). Measured with JOL on HS256 tokens of 213 to 5,557 characters (1.7 to 26 KB retained,
   * the most per character for hundreds of short strings in a claim), then set so that it errs large on each.
   */
  static final int ENTRY_BYTES = 768;
  static final int BYTES_PER_TOKEN_CHAR = 6;

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

  /** The token's length rides along for the weigher: it bounds the claims, which the entry keeps parsed. */
  private record Key(long a, long b, long c, long d, int tokenLength) {
  }

  private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Cache<Key, Entry> entries;

  /** @param clock the validator's: an entry expires when its token does by that clock */
  public VerifiedTokens(long maxBytes, Clock clock) {
    this.entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher(VerifiedTokens::weigh)
        .expireAfter(new UntilTokenExpires())
        // epoch nanoseconds, so that an entry's deadline is its token's exp + leeway
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        // eviction and expiry run on the caller's thread (an event loop), a bounded batch at a time, instead of
        // as a task handed to the common pool on every write
        .executor(Runnable::run)
        .build();
  }

  public static Object keyOf(String token) {
    return HASHERS.get().keyOf(token);
  }

  /** The entry, or null when absent, expired, or when its key is no longer trusted (then it is forgotten). */
  public Entry get(Object key) {
    Entry entry = entries.getIfPresent((Key) key);
    if (entry != null && !entry.keyStillTrusted().getAsBoolean()) {
      entries.asMap().remove((Key) key, entry);
      return null;
    }
    return entry;
  }

  public void put(Object key, Entry entry) {
    entries.put((Key) key, entry);
  }

  /** Entries held, expired ones not yet swept included. */
  public int size() {
    return (int) entries.estimatedSize();
  }

  /** The estimated bytes held, which eviction keeps at or under the bound. */
  public long weighedBytes() {
    return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  private static int weigh(Key key, Entry entry) {
    return ENTRY_BYTES + BYTES_PER_TOKEN_CHAR * key.tokenLength();
  }

  /** A thread's digest and buffers, reused, so that a key costs no allocation but the key itself (one per request). */
  private static final class Hasher {
    private final MessageDigest sha256;
    private final byte[] text = new byte[JwtSettings.MAX_TOKEN_BYTES];
    private final byte[] digest = new byte[32];

    Hasher() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    Key keyOf(String token) {
      int length = token.length();
      for (int start = 0; start < length; start += text.length) {
        int end = Math.min(length, start + text.length);
        for (int i = start; i < end; i++) {
          char c = token.charAt(i);
          // as US-ASCII encodes: a valid token is ASCII, so only tokens no signature can match share a '?'
          text[i - start] = c < 0x80 ? (byte) c : (byte) '?';
        }
        sha256.update(text, 0, end - start);
      }
      try {
        sha256.digest(digest, 0, digest.length);
      } catch (DigestException e) {
        throw new IllegalStateException(e);
      }
      return new Key((long) LONGS.get(digest, 0), (long) LONGS.get(digest, 8), (long) LONGS.get(digest, 16),
          (long) LONGS.get(digest, 24), length);
    }
  }

  private static final class UntilTokenExpires implements Expiry<Key, Entry> {
    @Override
    public long expireAfterCreate(Key key, Entry entry, long now) {
      // saturates for an exp centuries ahead, which Caffeine caps
      long deadline = TimeUnit.SECONDS.toNanos(entry.expiresAt() + entry.leewaySeconds());
      return Math.max(0, deadline - now);
    }

    @Override
    public long expireAfterUpdate(Key key, Entry entry, long now, long currentDuration) {
      return expireAfterCreate(key, entry, now);
    }

    @Override
    public long expireAfterRead(Key key, Entry entry, long now, long currentDuration) {
      return currentDuration;
    }
  }
}
