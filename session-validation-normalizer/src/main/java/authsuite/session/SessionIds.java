package authsuite.session;

import authsuite.common.jwt.CanonicalBase64Url;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session ids that carry their own absolute deadline and idle timeout, authenticated by an HMAC: 18 random
 * bytes (144 bits), the deadline (epoch seconds), the idle timeout (seconds) and a 128-bit tag, URL-safe
 * base64 (62 characters). The deadline in the id is what lets a validation cap the sliding expiry in the same
 * single Redis command that reads the session, and lets forged or expired ids be refused without asking Redis.
 */
final class SessionIds {
  static final int LENGTH = 62;
  private static final int RANDOM_BYTES = 18;
  private static final int TAG_BYTES = 16;
  private static final int PAYLOAD_BYTES = RANDOM_BYTES + Long.BYTES + Integer.BYTES;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** What reading an id tells: the id, or why it is not one of ours. */
  record Reading(SessionId id, String reason) {
  }

  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Mac> macs;
  private final ThreadLocal<Mac> handleMacs;

  /** @param serviceSecret the suite's SERVICE_SECRET; the id key is derived from it for this one purpose */
  SessionIds(String serviceSecret) {
    byte[] key = hmac(serviceSecret.getBytes(StandardCharsets.UTF_8), "authsuite session ids v1".getBytes(StandardCharsets.UTF_8));
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
    byte[] handleKey = hmac(serviceSecret.getBytes(StandardCharsets.UTF_8), "authsuite session handles v1".getBytes(StandardCharsets.UTF_8));
    this.handleMacs = ThreadLocal.withInitial(() -> newMac(handleKey));
  }

  /**
   * The session's handle: what listings show instead of its id (docs/threat-model.md, "listings show a handle").
   * A keyed hash, so it is stable per session, names it for the user, and can neither be turned back into the id
   * nor computed from a guessed id without the key; 128 bits, URL-safe base64 (22 characters).
   */
  String handle(String sessionId) {
    byte[] hash = handleMacs.get().doFinal(sessionId.getBytes(StandardCharsets.UTF_8));
    return ENCODER.encodeToString(java.util.Arrays.copyOf(hash, TAG_BYTES));
  }

  SessionId mint(Instant absoluteDeadline, Duration idleTimeout) {
    byte[] payload = new byte[PAYLOAD_BYTES];
    random.nextBytes(payload);
    ByteBuffer.wrap(payload, RANDOM_BYTES, Long.BYTES + Integer.BYTES)
        .putLong(absoluteDeadline.getEpochSecond()).putInt((int) idleTimeout.toSeconds());
    byte[] id = ByteBuffer.allocate(PAYLOAD_BYTES + TAG_BYTES).put(payload).put(tag(payload)).array();
    return new SessionId(ENCODER.encodeToString(id), Instant.ofEpochSecond(absoluteDeadline.getEpochSecond()), idleTimeout);
  }

  Reading read(String value) {
    byte[] id = hasShape(value) ? CanonicalBase64Url.decode(value) : null;
    if (id == null) {
      // one id, one spelling: a respelled id (unused low bits set) is not one of ours
      return new Reading(null, SessionVerdict.MALFORMED);
    }
    byte[] payload = java.util.Arrays.copyOf(id, PAYLOAD_BYTES);
    byte[] presented = java.util.Arrays.copyOfRange(id, PAYLOAD_BYTES, id.length);
    if (!MessageDigest.isEqual(tag(payload), presented)) {
      return new Reading(null, SessionVerdict.BAD_SIGNATURE);
    }
    ByteBuffer fields = ByteBuffer.wrap(payload, RANDOM_BYTES, Long.BYTES + Integer.BYTES);
    return new Reading(new SessionId(value, Instant.ofEpochSecond(fields.getLong()), Duration.ofSeconds(fields.getInt())), null);
  }

  /** The form of an id, checked before any cryptography or I/O. */
  static boolean hasShape(String value) {
    if (value == null || value.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = value.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private byte[] tag(byte[] payload) {
    return java.util.Arrays.copyOf(macs.get().doFinal(payload), TAG_BYTES);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    return newMac(key).doFinal(data);
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM provides HmacSHA256", e);
    }
  }
}
