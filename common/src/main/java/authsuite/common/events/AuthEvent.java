package authsuite.common.events;

import authsuite.common.jwt.NumericDate;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * Something every instance of every service must hear about: a revocation, a logout, a key rotation, a mode change.
 * On the wire: {@code {"type": "revoke_session", "data": {...}, "origin": "jwt-token-adapter/3f2a", "at": "<ISO-8601>"}}.
 */
public record AuthEvent(String type, JsonObject data, String origin, Instant at) {

  public AuthEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    data = data == null ? new JsonObject() : data;
  }

  public static AuthEvent of(String type, JsonObject data, String origin) {
    return new AuthEvent(type, data, origin, Instant.now());
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("type", type)
      .put("data", data)
      .put("origin", origin)
      .put("at", at.toString());
  }

  /** @throws IllegalArgumentException when {@code json} is not an auth event */
  public static AuthEvent fromJson(JsonObject json) {
    if (json == null || !(json.getValue("type") instanceof String type) || type.isBlank()) {
      throw new IllegalArgumentException("an auth event needs a non-empty string 'type'");
    }
    Object data = json.getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      throw new IllegalArgumentException("an auth event's 'data' must be an object");
    }
    Object origin = json.getValue("origin");
    if (origin != null && !(origin instanceof String)) {
      throw new IllegalArgumentException("an auth event's 'origin' must be a string");
    }
    return new AuthEvent(type, (JsonObject) data, (String) origin, instant(json.getValue("at")));
  }

  /** Within NumericDate's range, so that no receiver's arithmetic on it (a hold past it, say) can overflow. */
  private static Instant instant(Object at) {
    Instant instant = at instanceof String ? NumericDate.readTime(at) : null;
    if (instant == null) {
      throw new IllegalArgumentException("an auth event needs an ISO-8601 'at' between 1970 and 9999");
    }
    return instant;
  }
}
