package authsuite.common.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The suite's operating mode as the coordinator decides it: {@code normal}, {@code degraded}
 * (the primary auth service or Redis failing) or {@code emergency} (both). Published as a
 * {@code mode_changed} event on every change; the latest is also kept under {@link #redisKey}
 * so that a service starting later can read it without waiting for the next change.
 * On the wire: {@code {"mode": "degraded", "previous": "normal", "reason": "...", "forced": false, "expires_at": null}}.
 */
public record ModeChange(String mode, String previous, String reason, boolean forced, Instant expiresAt) {
  public static final String EVENT_TYPE = "mode_changed";
  public static final String NORMAL = "normal";
  public static final String DEGRADED = "degraded";
  public static final String EMERGENCY = "emergency";
  public static final List<String> MODES = List.of(NORMAL, DEGRADED, EMERGENCY);

  public ModeChange {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("mode must be one of " + MODES + ", was " + mode);
    }
  }

  /** Where the coordinator keeps the current mode, beside the service's other keys. */
  public static String redisKey(String keyPrefix) {
    return keyPrefix + "mode:current";
  }

  /** True when emergency sign-in is allowed by the mode alone. */
  public boolean allowsFallback() {
    return !NORMAL.equals(mode);
  }

  public JsonObject toJson() {
    return new JsonObject().put("mode", mode).put("previous", previous).put("reason", reason).put("forced", forced)
        .put("expires_at", expiresAt == null ? null : expiresAt.toString());
  }

  public AuthEvent toEvent(String origin) {
    return AuthEvent.of(EVENT_TYPE, toJson(), origin);
  }

  /** @throws IllegalArgumentException when {@code json} names no known mode */
  public static ModeChange fromJson(JsonObject json) {
    Object expires = json.getValue("expires_at");
    return new ModeChange(json.getString("mode"), json.getString("previous"), json.getString("reason"),
        Boolean.TRUE.equals(json.getValue("forced")), expires instanceof String text ? Instant.parse(text) : null);
  }

  /** The mode change an event carries, or empty for any other event (or a malformed one). */
  public static Optional<ModeChange> from(AuthEvent event) {
    if (!EVENT_TYPE.equals(event.type())) {
      return Optional.empty();
    }
    try {
      return Optional.of(fromJson(event.data()));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }
}
