package authsuite.common.jwt.revocation.impl;

import authsuite.common.events.AuthEvent;
import authsuite.common.jwt.NumericDate;
import authsuite.common.jwt.revocation.impl.Revocation.Kind;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * Revocations as auth events: {@code revoke_token {jti, until}}, {@code revoke_session {session_id, until}},
 * {@code revoke_family {family_id, until}}, {@code revoke_user {user_id, not_before, until}}, with {@code until} as
 * ISO-8601 and {@code not_before} as epoch seconds with the milliseconds as a fraction (either form is read for both). The coordinator's sync-auth
 * sends {@code {session_id}} or {@code {user_id, not_before?}} without {@code until}: such an event is held for
 * {@link #UNBOUNDED_HOLD} (longer than any access token lives), and a user's not-before defaults to the event's time.
 */
final class RevocationEvents {

  static final Duration UNBOUNDED_HOLD = Duration.ofHours(24);
  private static final String UNTIL = "until";
  private static final String NOT_BEFORE = "not_before";

  private RevocationEvents() {
  }

  static AuthEvent toEvent(Revocation revocation, String origin) {
    JsonObject data = new JsonObject()
      .put(revocation.kind().idField, revocation.id())
      .put(UNTIL, Instant.ofEpochMilli(revocation.untilMs()).toString());
    if (revocation.kind() == Kind.USER) {
      data.put(NOT_BEFORE, NumericDate.of(Instant.ofEpochMilli(revocation.notBeforeMs())));
    }
    return AuthEvent.of(revocation.kind().eventType, data, origin);
  }

  /** The revocation an event carries, or null when it carries none (another type, or a malformed one). */
  static Revocation fromEvent(AuthEvent event) {
    Kind kind = Kind.ofEventType(event.type());
    if (kind == null || !(event.data().getValue(kind.idField) instanceof String id) || id.isEmpty()) {
      return null;
    }
    Instant at = event.at();
    Instant notBefore = kind == Kind.USER ? instant(event.data().getValue(NOT_BEFORE), at) : Instant.EPOCH;
    Instant until = instant(event.data().getValue(UNTIL), at.plus(UNBOUNDED_HOLD));
    if (notBefore == null || until == null) {
      return null;
    }
    return new Revocation(kind, id, until.toEpochMilli(), notBefore.toEpochMilli());
  }

  /** An absent time is {@code absent}; one that is not a time within NumericDate's range voids the event (docs/robustness.md, "numeric claims"). */
  private static Instant instant(Object value, Instant absent) {
    return value == null ? absent : NumericDate.readTime(value);
  }
}
