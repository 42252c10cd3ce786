package authsuite.session;

import authsuite.common.text.Identifiers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a session is created from: the create endpoint's body, or a normalized foreign session.
 * @param idleTimeout null for the configured one
 * @param notAfter null for the configured absolute lifetime; else the session ends then at the latest
 * @param origin where it came from: {@code create}, or the foreign shape it was normalized from
 */
record NewSession(String userId, String email, String username, List<String> roles, Duration idleTimeout, Instant notAfter,
                  String origin) {

  /** A session is stored and indexed by these: each must be an identifier (docs/robustness.md, "identifiers"). */
  NewSession {
    Identifiers.checked("user_id", userId);
    if (email != null) {
      Identifiers.checked("email", email);
    }
    if (username != null) {
      Identifiers.checked("username", username);
    }
  }
}
