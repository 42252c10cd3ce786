package authsuite.common.events;

import authsuite.common.http.CorrelationId;
import authsuite.common.jwt.NumericDate;
import authsuite.common.telemetry.RequestContext;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * Something every instance of every service must hear about: a revocation, a logout, a key rotation, a mode change.
 * On the wire: {@code {"type": "revoke_session", "data": {...}, "origin": "jwt-token-adapter/3f2a", "at": "<ISO-8601>",
 * "correlation_id": "..."}}. The correlation id is that of the request that caused the event, when one did: each
 * receiver handles the event with it, so one id follows a revocation into every service's log.
 */
public record AuthEvent(String type, JsonObject data, String origin, Instant at, String correlationId) {

  public AuthEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    data = data == null ? new JsonObject() : data;
  }

  public AuthEvent(String type, JsonObject data, String origin, Instant at) {
    this(type, data, origin, at, null);
  }

  /** An event caused by the code running now: it carries the correlation id of the request this code runs for, if any. */
  public static AuthEvent of(String type, JsonObject data, String origin) {
    return new AuthEvent(type, data, origin, Instant.now(), RequestContext.correlationId());
  }

  public AuthEvent withData(JsonObject otherData) {
    return new AuthEvent(type, otherData, origin, at, correlationId);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("type", type)
      .put("data", data)
      .put("origin", origin)
      .put("at", at.toString());
    return correlationId == null ? json : json.put("correlation_id", correlationId);
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
    // an id that is not one we would accept from a client is dropped, not repeated into every log
    String correlationId = json.getValue("correlation_id") instanceof String offered ? CorrelationId.acceptedOrNull(offered) : null;
    return new AuthEvent(type, (JsonObject) data, (String) origin, instant(json.getValue("at")), correlationId);
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
