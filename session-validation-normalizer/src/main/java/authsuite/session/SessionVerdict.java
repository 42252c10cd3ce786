package authsuite.session;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The answer about one credential: a valid normalized session, or one reason it is not valid; either way the
 * source that decided, whether the answer was given degraded, and the checks made. A valid session may come
 * already encoded (spliced from the stored JSON or the token's once-encoded identity), so that the hot path
 * answers without encoding it again.
 */
record SessionVerdict(JsonObject decoded, String encoded, String reason, String source, boolean degraded, List<String> checks) {
  static final String MALFORMED = "malformed";
  static final String BAD_SIGNATURE = "bad_signature";
  static final String SESSION_EXPIRED = "session_expired";
  static final String REVOKED = "revoked";

  static SessionVerdict valid(JsonObject session, String source, boolean degraded, List<String> checks) {
    return new SessionVerdict(session, null, null, source, degraded, checks);
  }

  static SessionVerdict validEncoded(String session, String source, boolean degraded, List<String> checks) {
    return new SessionVerdict(null, session, null, source, degraded, checks);
  }

  static SessionVerdict invalid(String reason, String source, List<String> checks) {
    return new SessionVerdict(null, null, reason, source, false, checks);
  }

  boolean isValid() {
    return reason == null;
  }

  /** The valid session as JSON; null when invalid. */
  JsonObject session() {
    return decoded != null || encoded == null ? decoded : new JsonObject(encoded);
  }

  /**
   * The validate endpoint's body; {@code integration} adds source, degraded and checks (X-Integration-Layer).
   * Spliced as text on purpose: the session arrives from Redis as JSON text, and decoding it to wrap and encode
   * again costs about 7-10 µs and 4.6 KB per answer against under 0.5 µs and 640 B (bench JsonAnswerBenchmark,
   * bench/RESULTS.md), where a whole validation costs about 20 µs of JVM time.
   */
  String answer(boolean integration) {
    StringBuilder answer = new StringBuilder(512);
    if (isValid()) {
      answer.append("{\"valid\":true,\"session\":").append(encoded != null ? encoded : decoded.encode());
    } else {
      answer.append("{\"valid\":false,\"reason\":").append(Json.encode(reason));
    }
    if (integration) {
      answer.append(",\"source\":").append(Json.encode(source)).append(",\"degraded\":").append(degraded)
          .append(",\"checks\":").append(new JsonArray(List.copyOf(checks)).encode());
    }
    return answer.append('}').toString();
  }

  /**
   * A JSON object's text with more members added at its end: {@code members} is ",\"a\":1,..." and the object
   * is not empty. Cheaper than decoding and encoding the whole object for the few fields that change per answer.
   */
  static String withMembers(String object, String members) {
    int end = object.lastIndexOf('}');
    return new StringBuilder(end + members.length() + 1).append(object, 0, end).append(members).append('}').toString();
  }
}
