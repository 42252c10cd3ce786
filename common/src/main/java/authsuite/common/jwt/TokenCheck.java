package authsuite.common.jwt;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answer about one token: valid with its identity, or invalid with one of the adapter contract's reason
 * codes. "Cannot tell" is not a TokenCheck: it is a failed future (issuer or store unavailable).
 */
public record TokenCheck(String reason, Identity identity, String jti, String tokenId, Lineage lineage, byte[] encodedAnswer) {
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
  private static final Map<String, TokenCheck> INVALID = new ConcurrentHashMap<>();

  /** One instance per reason, its answer encoded once. */
  public static TokenCheck invalid(String reason) {
    return INVALID.computeIfAbsent(reason, r -> new TokenCheck(r, null, null, null, null,
        new JsonObject().put("valid", false).put("reason", r).toBuffer().getBytes()));
  }

  /**
   * Made once per verified token (a cache miss) and kept with it: every later use of the token answers with this
   * same instance, and the validate endpoint with its answer, encoded here once. Its {@code encodedAnswer} is that
   * kept array, shared by every answer about the token: read it, never write to it.
   *
   * @param jti its {@code jti} claim, null when it has none
   * @param tokenId its {@code jti}, or {@code sha256:<fingerprint>} for a token without one
   */
  public static TokenCheck valid(Identity identity, String jti, String tokenId, Lineage lineage) {
    return new TokenCheck(null, identity, jti, tokenId, lineage, IdentityJson.validAnswer(identity));
  }

  /** The validate endpoint's answer, {@code {"valid":true,"identity":...}} or the reason's: the kept bytes, not copied. */
  public Buffer answer() {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(encodedAnswer));
  }

  /** The refresh family of a valid token, null when it belongs to none (or the check is invalid). */
  public String familyId() {
    return lineage == null ? null : lineage.familyId();
  }

  public Instant expiresAt() {
    return identity == null ? null : identity.expiresAt();
  }

  /** The identity's JSON, for services that splice it into answers of their own. */
  public String encodedIdentity() {
    return isValid() ? IdentityJson.identityOf(encodedAnswer) : null;
  }

  /** The lineage of a token minted from this one: its family, its ancestors and itself, its earliest iat. */
  public Lineage descendantLineage() {
    return lineage.child(tokenId);
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
