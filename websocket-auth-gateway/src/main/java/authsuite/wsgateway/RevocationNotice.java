package authsuite.wsgateway;

import authsuite.common.events.AuthEvent;
import authsuite.common.jwt.NumericDate;
import java.time.Instant;

/**
 * A revocation event as the gateway matches it against its open sockets: {@code revoke_token {jti}},
 * {@code revoke_session {session_id}}, {@code revoke_family {family_id}}, {@code revoke_user {user_id, not_before?}}
 * (the shapes of the JWT core's revocation events and of the coordinator's sync-auth), and {@code logout} with a
 * session_id or a user_id. A user's not-before is epoch seconds (a fraction for the milliseconds) or ISO-8601, the event's
 * time when absent; a token issued at or before it (a whole-second iat from the start of its second) is revoked.
 */
record RevocationNotice(String jti, String sessionId, String familyId, String userId, long notBeforeMs) {

  /** Whether a token with these claims is revoked: by a notice, or by the revocation mirror. */
  @FunctionalInterface
  interface Matcher {
    boolean matches(String jti, String sessionId, String familyId, String userId, Instant issuedAt);
  }

  /** The notice an event carries, or null when it revokes nothing. */
  static RevocationNotice of(AuthEvent event) {
    return switch (event.type()) {
      case "revoke_token" -> text(event, "jti") == null ? null : new RevocationNotice(text(event, "jti"), null, null, null, 0);
      case "revoke_session" -> text(event, "session_id") == null ? null
          : new RevocationNotice(null, text(event, "session_id"), null, null, 0);
      case "revoke_family" -> text(event, "family_id") == null ? null
          : new RevocationNotice(null, null, text(event, "family_id"), null, 0);
      case "revoke_user", "logout" -> {
        String session = "logout".equals(event.type()) ? text(event, "session_id") : null;
        String user = text(event, "user_id");
        yield session == null && user == null ? null
            : new RevocationNotice(null, session, null, user, notBefore(event.data().getValue("not_before"), event.at()));
      }
      default -> null;
    };
  }

  boolean matches(String tokenJti, String tokenSession, String tokenFamily, String tokenUser, Instant issuedAt) {
    return (jti != null && jti.equals(tokenJti))
        || (sessionId != null && sessionId.equals(tokenSession))
        || (familyId != null && familyId.equals(tokenFamily))
        || (userId != null && userId.equals(tokenUser) && (issuedAt == null || issuedAt.toEpochMilli() <= notBeforeMs));
  }

  private static String text(AuthEvent event, String field) {
    return event.data().getValue(field) instanceof String value && !value.isEmpty() ? value : null;
  }

  /** Not a time (docs/robustness.md, "numeric claims"): revoked as of the event, the safe reading of a revocation. */
  private static long notBefore(Object value, Instant eventTime) {
    Instant at = NumericDate.readTime(value);
    return (at == null ? eventTime : at).toEpochMilli();
  }
}
