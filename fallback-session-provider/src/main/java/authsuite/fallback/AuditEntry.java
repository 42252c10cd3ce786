package authsuite.fallback;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One emergency sign-in attempt, granted or not: who (the name given, and the user id when known),
 * when, from where, the outcome, and the token issued (its jti and expiry) when one was. The attempt
 * id makes the row unique, so that replaying the local file into the table can never write it twice.
 */
record AuditEntry(UUID attemptId, Instant occurredAt, String kind, String identifier, String userId, String clientAddress,
                  String outcome, String source, String tokenId, Instant tokenExpiresAt, String correlationId) {
  static final String PASSWORD = "password";
  static final String SESSION = "session";

  static AuditEntry attempt(String kind, String identifier, String clientAddress, String correlationId) {
    return new AuditEntry(UUID.randomUUID(), Instant.now(), kind, identifier, null, clientAddress, null, null, null, null,
        correlationId);
  }

  /** The same attempt, once it is known who it was for. */
  AuditEntry naming(String who) {
    return new AuditEntry(attemptId, occurredAt, kind, who, userId, clientAddress, outcome, source, tokenId, tokenExpiresAt, correlationId);
  }

  AuditEntry refused(String outcome, String userId, String source) {
    return new AuditEntry(attemptId, occurredAt, kind, identifier, userId, clientAddress, outcome, source, null, null, correlationId);
  }

  AuditEntry granted(String userId, String source, String tokenId, Instant tokenExpiresAt) {
    return new AuditEntry(attemptId, occurredAt, kind, identifier, userId, clientAddress, "granted", source, tokenId,
        tokenExpiresAt, correlationId);
  }

  boolean isGrant() {
    return tokenId != null;
  }

  /** The row's values in the column order of {@link AuditLog}'s insert. */
  Tuple toTuple(String recordedVia) {
    return Tuple.of(attemptId, OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC), kind, identifier, userId, clientAddress)
        .addString(outcome).addString(source).addString(tokenId)
        .addValue(tokenExpiresAt == null ? null : OffsetDateTime.ofInstant(tokenExpiresAt, ZoneOffset.UTC))
        .addString(correlationId).addString(recordedVia);
  }

  JsonObject toJson() {
    return new JsonObject().put("attempt_id", attemptId.toString()).put("occurred_at", occurredAt.toString()).put("kind", kind)
        .put("identifier", identifier).put("user_id", userId).put("client_address", clientAddress).put("outcome", outcome)
        .put("source", source).put("token_id", tokenId)
        .put("token_expires_at", tokenExpiresAt == null ? null : tokenExpiresAt.toString()).put("correlation_id", correlationId);
  }

  static AuditEntry fromJson(JsonObject json) {
    String expires = json.getString("token_expires_at");
    return new AuditEntry(UUID.fromString(json.getString("attempt_id")), Instant.parse(json.getString("occurred_at")),
        json.getString("kind"), json.getString("identifier"), json.getString("user_id"), json.getString("client_address"),
        json.getString("outcome"), json.getString("source"), json.getString("token_id"),
        expires == null ? null : Instant.parse(expires), json.getString("correlation_id"));
  }
}
