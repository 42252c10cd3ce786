package authsuite.coordinator;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.ModeChange;
import authsuite.common.http.Problem;
import authsuite.common.jwt.NumericDate;
import authsuite.common.text.Identifiers;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A sync-auth body: {@code {"type": "revoke_user", "user_id": "42"}}, the event's data either
 * beside the type or under {@code data}, checked here to the contract's rules (the operation is not
 * validated by the router, so that a refused {@code mode_changed} can name the endpoint to use). Each
 * type must carry what its receivers read: the revocation mirror of every service reads
 * {@code session_id} / {@code user_id} (identifiers, docs/robustness.md, "identifiers") and an optional
 * {@code not_before}, epoch seconds or ISO-8601 within NumericDate's range (docs/robustness.md, "numeric claims").
 * <p>
 * Only events that cannot bypass a guard pass here. A mode change is refused: published as is, it
 * opened the fallback provider's emergency sign-in with no expiry while this coordinator stayed
 * {@code normal}; {@code POST /api/v1/coordinator/mode} is the way, with its expiry and the probes'
 * hysteresis. {@code key_rotated} stays: it only makes every instance re-read the shared key set,
 * and its data is ignored; keys change through the adapter's {@code keys/rotate} alone. See
 * docs/threat-model.md, "internal events".
 */
record SyncAuthRequest(String type, JsonObject data) {
  static final List<String> TYPES = List.of("revoke_session", "revoke_user", "logout", "key_rotated");
  static final String MODE_ENDPOINT = "POST /api/v1/coordinator/mode";

  static SyncAuthRequest from(JsonObject body) {
    if (ModeChange.EVENT_TYPE.equals(body.getValue("type"))) {
      throw Problem.badRequest("use_mode_endpoint", "sync-auth does not publish mode changes: use " + MODE_ENDPOINT
          + " ({\"mode\": \"degraded\", \"expires_in_s\": 600}), which expires and which the probes' hysteresis follows");
    }
    if (!(body.getValue("type") instanceof String type) || !TYPES.contains(type)) {
      throw Problem.badRequest("invalid_event_type", "type must be one of " + TYPES);
    }
    Object nested = body.getValue("data");
    if (nested != null && !(nested instanceof JsonObject)) {
      throw Problem.badRequest("invalid_request", "data must be an object");
    }
    JsonObject data = nested != null ? ((JsonObject) nested).copy() : body.copy();
    data.remove("type");
    for (String field : List.of("session_id", "user_id")) {
      Identifiers.optional(data, field);
    }
    switch (type) {
      case "revoke_session" -> Identifiers.required(data, "session_id");
      case "revoke_user" -> {
        Identifiers.required(data, "user_id");
        Object notBefore = data.getValue("not_before");
        if (notBefore != null && NumericDate.readTime(notBefore) == null) {
          throw Problem.badRequest("invalid_request", "not_before must be epoch seconds or an ISO-8601 time, from 1970 to 9999")
              .field("not_before");
        }
      }
      case "logout" -> {
        if (data.getValue("session_id") == null && data.getValue("user_id") == null) {
          throw Problem.badRequest("invalid_request", "logout needs a session_id or a user_id");
        }
      }
      default -> { }
    }
    return new SyncAuthRequest(type, data);
  }

  /** A revocation every service must still know after a restart, not only hear about now. */
  boolean revokes() {
    return "revoke_session".equals(type) || "revoke_user".equals(type);
  }

  AuthEvent toEvent(String origin) {
    return AuthEvent.of(type, data, origin);
  }
}
