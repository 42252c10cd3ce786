package authsuite.session;

import authsuite.common.config.SessionSources;
import io.vertx.core.http.Cookie;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One of the platform's existing session stores (SESSION_SOURCES), as far as it can be judged without Redis: where
 * its session id is found on a request, whether the id is signed as the framework signs it, and the key it is
 * stored under. A forged or unsigned cookie is refused here, so it costs no Redis round trip.
 */
final class SessionSource {
  /** Any printable ASCII but space; bounded, since it becomes part of a Redis key. */
  private static final int MAX_ID_LENGTH = 256;

  private final SessionSources.Source spec;
  /** One initialised Mac per secret and thread: the key schedule is computed once, not per request. */
  private final ThreadLocal<Mac[]> macs;
  private final String keyStart;
  private final String keyEnd;

  SessionSource(SessionSources.Source spec) {
    this.spec = spec;
    List<SecretKeySpec> keys = spec.secrets().stream()
        .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")).toList();
    this.macs = ThreadLocal.withInitial(() -> keys.stream().map(SessionSource::newMac).toArray(Mac[]::new));
    int at = spec.keyTemplate().indexOf("{id}");
    this.keyStart = spec.keyTemplate().substring(0, at);
    this.keyEnd = spec.keyTemplate().substring(at + "{id}".length());
  }

  /** The id as read, or why it cannot be one of this source's sessions. */
  record Reading(String id, String reason) {
  }

  String name() {
    return spec.name();
  }

  String format() {
    return spec.format();
  }

  SessionSources.Source spec() {
    return spec;
  }

  /** Finds this source's credential on the request: its cookie, else its header; "not mine" (null) otherwise. */
  CredentialResolver resolver() {
    return ctx -> {
      Cookie cookie = spec.cookie() == null ? null : ctx.request().getCookie(spec.cookie());
      if (cookie != null) {
        return cookie.getValue().isEmpty() ? null : new Credential(cookie.getValue(), "cookie", this);
      }
      String header = spec.header() == null ? null : ctx.request().getHeader(spec.header());
      return header == null || header.isEmpty() ? null : new Credential(header.trim(), "header", this);
    };
  }

  /**
   * The session id the credential carries. Signed sources take express-session's form, URL-encoded in its cookie:
   * {@code s:<id>.<base64 HMAC-SHA256 of id, without padding>}; any configured secret may verify it (a rotation).
   * A bare id there is refused as {@code malformed} (express-session ignores it too), a wrong signature as
   * {@code bad_signature}.
   */
  Reading read(String raw) {
    String value = raw.indexOf('%') >= 0 ? percentDecoded(raw) : raw;
    if (value == null) {
      return new Reading(null, SessionVerdict.MALFORMED);
    }
    if (!spec.signed()) {
      return plausibleId(value) ? new Reading(value, null) : new Reading(null, SessionVerdict.MALFORMED);
    }
    int dot = value.lastIndexOf('.');
    if (!value.startsWith("s:") || dot < 3) {
      return new Reading(null, SessionVerdict.MALFORMED);
    }
    String id = value.substring(2, dot);
    if (!plausibleId(id)) {
      return new Reading(null, SessionVerdict.MALFORMED);
    }
    byte[] signature = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return verifies(id, signature) ? new Reading(id, null) : new Reading(null, SessionVerdict.BAD_SIGNATURE);
  }

  /** The Redis key of the session, by the source's template. */
  String key(String id) {
    return keyStart + id + keyEnd;
  }

  private boolean verifies(String id, byte[] signature) {
    byte[] data = id.getBytes(StandardCharsets.UTF_8);
    boolean any = false;
    for (Mac mac : macs.get()) {
      byte[] expected = Base64.getEncoder().withoutPadding().encode(mac.doFinal(data));
      // every secret is tried, so the time taken does not tell which one matched
      any |= MessageDigest.isEqual(expected, signature);
    }
    return any;
  }

  private static boolean plausibleId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  /** decodeURIComponent, as the cookie module decodes: '+' stays '+'; null when the escapes are broken. */
  private static String percentDecoded(String value) {
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException broken) {
      return null;
    }
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM provides HmacSHA256, and takes a key of any length", e);
    }
  }
}
