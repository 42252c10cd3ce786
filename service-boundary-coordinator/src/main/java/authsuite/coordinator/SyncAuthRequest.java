package authsuite.coordinator;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.ModeChange;
import authsuite.common.http.Problem;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A sync-auth body: {@code {"type": "revoke_user", "user_id": "42"}}, the event's data either
 * beside the type or under {@code data}. Each type must carry what its receivers read: the
 * revocation mirror of every service reads {@code session_id} / {@code user_id} (and an optional
 * {@code not_before}, epoch seconds or ISO-8601), the mode listeners a whole {@link ModeChange}.
 */
record SyncAuthRequest(String type, JsonObject data) {
  static final List<String> TYPES = List.of("revoke_session", "revoke_user", "logout", "key_rotated", ModeChange.EVENT_TYPE);
  private static final int MAX_ID_LENGTH = 256;

  static SyncAuthRequest from(JsonObject body) {
    if (body == null) {
      throw Problem.badRequest("invalid_request", "send a JSON object with a type");
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
    switch (type) {
      case "revoke_session" -> requireId(data, "session_id");
      case "revoke_user" -> {
        requireId(data, "user_id");
        Object notBefore = data.getValue("not_before");
        if (notBefore != null && !(notBefore instanceof Number) && !(notBefore instanceof String)) {
          throw Problem.badRequest("invalid_request", "not_before must be epoch seconds or an ISO-8601 time");
        }
      }
      case "logout" -> {
        if (!isId(data.getValue("session_id")) && !isId(data.getValue("user_id"))) {
          throw Problem.badRequest("invalid_request", "logout needs a session_id or a user_id (strings, at most "
              + MAX_ID_LENGTH + " characters)");
        }
      }
      case ModeChange.EVENT_TYPE -> {
        try {
          ModeChange.fromJson(data);
        } catch (RuntimeException e) {
          throw Problem.badRequest("invalid_request", "mode_changed needs a mode among " + ModeChange.MODES);
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

  private static void requireId(JsonObject data, String field) {
    if (!isId(data.getValue(field))) {
      throw Problem.badRequest("invalid_request", field + " is required: a non-empty string of at most " + MAX_ID_LENGTH + " characters");
    }
  }

  private static boolean isId(Object value) {
    return value instanceof String id && !id.isBlank() && id.length() <= MAX_ID_LENGTH;
  }
}
