package authsuite.common.jwt;

import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
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
  public static final String JWT_VERIFIED_CACHE_MB = "JWT_VERIFIED_CACHE_MB";
  /**
   * The bound in MiB. 256 holds some 260,000 tokens of the primary auth service (about 950 bytes retained each,
   * 1,000 as weighed, as JOL measures them in VerifiedTokensTest): an entry keeps the identity and its answer, not
   * the claims or the signature, so an RS256 token costs about what an HS256 one does. Sized for a platform's
   * signed-in users: a cache smaller than the tokens in use keeps replacing entries that have lived long enough to
   * be promoted, and G1 pays for that in pauses (bench/RESULTS.md, "Side by side with HAProxy"). Full, it is under
   * half of the image's heap (576 MiB); invalid tokens are never kept, so only valid ones can fill it.
   */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;
  public static final Setting MAX_MEGABYTES = Setting.number(JWT_VERIFIED_CACHE_MB, DEFAULT_MAX_BYTES >> 20, 1, 16_384);
  /**
   * What an entry retains whatever its token: the cache's node, hash-table node and slot, the key, the entry, its
   * check, the identity and its two instants, the lineage. {@link #weigh} adds the answer and each string and list
   * the entry holds.
   */
  static final int ENTRY_BYTES = 400;
  /** A String object and its array's header (compressed oops); the characters are added, aligned to 8 bytes. */
  private static final int STRING_BYTES = 24 + 16;
  private static final int ARRAY_BYTES = 16;
  /** A list's object and array, and its slot for one element. */
  private static final int LIST_BYTES = 32;
  private static final int ELEMENT_BYTES = 4;

  /**
   * @param check what every use of the token answers while the checks on every use pass
   * @param keyStillTrusted false once the key that verified the token has left its issuer's key set
   */
  public record Entry(TokenCheck check, long notBefore, long expiresAt, long issuedAt, long leewaySeconds,
                      BooleanSupplier keyStillTrusted) {
  }

  /** The token's hash: the token itself is never kept. */
  private record Key(long a, long b, long c, long d) {
  }

  private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final Cache<Key, Entry> entries;

  /** @param clock the validator's: an entry expires when its token does by that clock */
  public VerifiedTokens(long maxBytes, Clock clock) {
    this.entries = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key key, Entry entry) -> weigh(entry))
        .expireAfter(new UntilTokenExpires())
        // epoch nanoseconds, so that an entry's deadline is its token's exp + leeway
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        // eviction and expiry run on the caller's thread (an event loop), a bounded batch at a time, instead of
        // as a task handed to the common pool on every write
        .executor(Runnable::run)
        .build();
  }

  /** The bound {@code JWT_VERIFIED_CACHE_MB} sets. */
  public static long maxBytes(SuiteConfig config) {
    return (long) MAX_MEGABYTES.number(config) << 20;
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

  /**
   * An estimate of the bytes the entry retains, checked against what JOL measures (VerifiedTokensTest): it errs
   * large, never small, so the bound holds. A string shared by every entry (a configured issuer name, a token
   * type) is counted all the same.
   */
  static int weigh(Entry entry) {
    TokenCheck check = entry.check();
    Identity identity = check.identity();
    Lineage lineage = check.lineage();
    return ENTRY_BYTES + ARRAY_BYTES + aligned(check.encodedAnswer().length)
        + text(identity.userId()) + (identity.subject() == identity.userId() ? 0 : text(identity.subject()))
        + text(identity.email()) + text(identity.username()) + text(identity.sessionId()) + text(identity.issuer())
        + texts(identity.roles()) + texts(identity.scopes()) + texts(identity.audience())
        + text(check.jti()) + (check.tokenId() == check.jti() ? 0 : text(check.tokenId()))
        + text(lineage.familyId()) + texts(lineage.ancestors());
  }

  private static int text(String text) {
    if (text == null) {
      return 0;
    }
    int length = text.length();
    for (int i = 0; i < length; i++) {
      if (text.charAt(i) > 0xFF) {
        // held as UTF-16
        return STRING_BYTES + aligned(2 * length);
      }
    }
    return STRING_BYTES + aligned(length);
  }

  private static int aligned(int bytes) {
    return (bytes + 7) & ~7;
  }

  private static int texts(List<String> texts) {
    if (texts.isEmpty()) {
      // List.of(), shared
      return 0;
    }
    int bytes = LIST_BYTES + ELEMENT_BYTES * texts.size();
    for (int i = 0; i < texts.size(); i++) {
      bytes += text(texts.get(i));
    }
    return bytes;
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
          (long) LONGS.get(digest, 24));
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
