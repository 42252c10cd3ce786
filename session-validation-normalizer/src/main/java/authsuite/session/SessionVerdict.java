package authsuite.session;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The answer about one credential: a valid normalized session, or one reason it is not valid; either way the
 * source that decided, whether the answer was given degraded, and the checks made.
 */
record SessionVerdict(JsonObject session, String reason, String source, boolean degraded, List<String> checks) {
  static final String MALFORMED = "malformed";
  static final String BAD_SIGNATURE = "bad_signature";
  static final String SESSION_EXPIRED = "session_expired";
  static final String REVOKED = "revoked";

  static SessionVerdict valid(JsonObject session, String source, boolean degraded, List<String> checks) {
    return new SessionVerdict(session, null, source, degraded, checks);
  }

  static SessionVerdict invalid(String reason, String source, List<String> checks) {
    return new SessionVerdict(null, reason, source, false, checks);
  }

  boolean isValid() {
    return reason == null;
  }

  /** The validate endpoint's body; {@code integration} adds source, degraded and checks (X-Integration-Layer). */
  JsonObject toJson(boolean integration) {
    JsonObject answer = isValid()
        ? new JsonObject().put("valid", true).put("session", session)
        : new JsonObject().put("valid", false).put("reason", reason);
    if (integration) {
      answer.put("source", source).put("degraded", degraded).put("checks", new JsonArray(List.copyOf(checks)));
    }
    return answer;
  }
}
