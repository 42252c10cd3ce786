package authsuite.common.jwt;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answer about one token: valid with its identity, or invalid with one of the adapter contract's reason
 * codes. "Cannot tell" is not a TokenCheck: it is a failed future (issuer or store unavailable).
 */
public record TokenCheck(String reason, Identity identity, JsonObject claims, String jti, String familyId, Instant expiresAt,
                         String encodedIdentity, Buffer answer, String tokenId, Lineage lineage) {
  public static final String TOKEN_EXPIRED = "token_expired";
  public static final String BAD_SIGNATURE = "bad_signature";
  public static final String UNKNOWN_ISSUER = "unknown_issuer";
  public static final String UNKNOWN_KID = "unknown_kid";
  public static final String ALG_NOT_ALLOWED = "alg_not_allowed";
  public static final String NOT_YET_VALID = "not_yet_valid";
  public static final String AUDIENCE_MISMATCH = "audience_mismatch";
  public static final String REVOKED = "revoked";
  public static final String MALFORMED = "malformed";
  public static final String MISSING_ROLE = "missing_role";
  /** A valid token of a type the caller does not accept here: a refresh token presented to authenticate, say. */
  public static final String WRONG_TOKEN_TYPE = "wrong_token_type";
  private static final Map<String, Buffer> INVALID_ANSWERS = new ConcurrentHashMap<>();

  public static TokenCheck invalid(String reason) {
    return new TokenCheck(reason, null, null, null, null, null, null,
        INVALID_ANSWERS.computeIfAbsent(reason, r -> Buffer.buffer(new JsonObject().put("valid", false).put("reason", r).encode())),
        null, null);
  }

  /**
   * @param encodedIdentity the identity's JSON, encoded once per verified token and reused by every answer about it
   * @param answer the validate endpoint's answer for it, {@code {"valid":true,"identity":...}}, likewise encoded once
   * @param tokenId its {@code jti}, or {@code sha256:<fingerprint>} for a token without one
   */
  public static TokenCheck valid(Identity identity, JsonObject claims, String encodedIdentity, Buffer answer, String tokenId,
                                 Lineage lineage) {
    return new TokenCheck(null, identity, claims, claims.getValue("jti") instanceof String jti ? jti : null, lineage.familyId(),
        identity.expiresAt(), encodedIdentity, answer, tokenId, lineage);
  }

  /** The lineage of a token minted from this one: its family, its ancestors and itself, its earliest iat. */
  public Lineage descendantLineage() {
    return lineage.child(tokenId);
  }

  /** Built once per verified token (a cache miss), not per answer, and written without a tree: it is on every miss. */
  public static Buffer validAnswer(Identity identity) {
    return IdentityJson.validAnswer(identity, IdentityJson.encode(identity));
  }

  public boolean isValid() {
    return reason == null;
  }

  public JsonObject toJson() {
    return isValid()
        ? new JsonObject().put("valid", true).put("identity", identity.toJson())
        : new JsonObject().put("valid", false).put("reason", reason);
  }
}
