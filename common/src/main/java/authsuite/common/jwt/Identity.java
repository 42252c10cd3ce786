package authsuite.common.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** The normalized identity every service returns, whatever the credential was (docs/api.md, "The identity"). */
public record Identity(String userId, String subject, String email, String username, List<String> roles,
                       List<String> scopes, String sessionId, String issuer, List<String> audience,
                       Instant issuedAt, Instant expiresAt, String tokenType, String source, boolean degraded) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("user_id", userId)
        .put("subject", subject)
        .put("email", email)
        .put("username", username)
        .put("roles", new JsonArray(roles))
        .put("scopes", new JsonArray(scopes))
        .put("session_id", sessionId)
        .put("issuer", issuer)
        .put("audience", new JsonArray(audience))
        .put("issued_at", issuedAt == null ? null : issuedAt.toString())
        .put("expires_at", expiresAt == null ? null : expiresAt.toString())
        .put("token_type", tokenType)
        .put("source", source)
        .put("degraded", degraded);
  }

  /**
   * A session as every service answers one: this identity, then the session's own times. The one writer of
   * the session JSON (docs/api.md, "The identity"), so a field added to the identity reaches every answer.
   */
  public JsonObject toSessionJson(Instant createdAt, Instant lastSeenAt) {
    return toJson()
        .put("created_at", createdAt == null ? null : createdAt.toString())
        .put("last_seen_at", lastSeenAt == null ? null : lastSeenAt.toString());
  }

  public Identity asDegraded() {
    return new Identity(userId, subject, email, username, roles, scopes, sessionId, issuer, audience, issuedAt,
        expiresAt, tokenType, source, true);
  }
}
