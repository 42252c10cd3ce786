package authsuite.common.jwt;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The answer about one token: valid with its identity, or invalid with one of DESIGN.md's reason
 * codes. "Cannot tell" is not a TokenCheck: it is a failed future (issuer or store unavailable).
 */
public record TokenCheck(String reason, Identity identity, JsonObject claims, String jti, String familyId, Instant expiresAt,
                         String encodedIdentity) {
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

  public static TokenCheck invalid(String reason) {
    return new TokenCheck(reason, null, null, null, null, null, null);
  }

  /** @param encodedIdentity the identity's JSON, encoded once per verified token and reused by every answer about it */
  public static TokenCheck valid(Identity identity, JsonObject claims, String encodedIdentity) {
    return new TokenCheck(null, identity, claims, claims.getString("jti"), claims.getString("fam"), identity.expiresAt(), encodedIdentity);
  }

  public boolean isValid() {
    return reason == null;
  }

  /** The validate endpoint's answer, encoded; for a valid token built from the cached identity JSON. */
  public String encodedAnswer() {
    return isValid() ? "{\"valid\":true,\"identity\":" + encodedIdentity + "}" : toJson().encode();
  }

  public JsonObject toJson() {
    return isValid()
        ? new JsonObject().put("valid", true).put("identity", identity.toJson())
        : new JsonObject().put("valid", false).put("reason", reason);
  }
}
