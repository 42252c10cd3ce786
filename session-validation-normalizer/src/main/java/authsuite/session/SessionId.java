package authsuite.session;

import java.time.Duration;
import java.time.Instant;

/** An authentic session id and what it carries: when the session ends at the latest, and its idle timeout. */
record SessionId(String value, Instant absoluteDeadline, Duration idleTimeout) {

  /** The expiry a use at {@code now} sets: the idle timeout from now, never past the absolute deadline. */
  Instant slidingExpiry(Instant now) {
    Instant idle = now.plus(idleTimeout);
    return idle.isBefore(absoluteDeadline) ? idle : absoluteDeadline;
  }
}
