package authsuite.common.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a token comes from, so that revoking a source also revokes what was minted from it
 * (docs/threat-model.md, "derived tokens carry their lineage"): the refresh family it belongs to
 * ({@code fam}), the ids of the tokens it was minted from ({@code ancestors}: their {@code jti}, or
 * {@code sha256:<fingerprint>} for one without), and the earliest {@code iat} along the way
 * ({@code root_iat}), which a user's "not before" revocation is compared with.
 *
 * @param familyId null when the token belongs to no family
 * @param ancestors the oldest first; empty for a token minted from a credential, not from a token
 * @param earliestIssuedAt the earlier of the token's own {@code iat} and its {@code root_iat}; null when it has neither
 */
public record Lineage(String familyId, List<String> ancestors, Instant earliestIssuedAt) {
  public static final String FAMILY = "fam";
  public static final String ANCESTORS = "ancestors";
  public static final String ROOT_ISSUED_AT = "root_iat";
  /** A token minted from a password or a session, not from another token. */
  public static final Lineage NONE = new Lineage(null, List.of(), null);

  /**
   * The lineage a token's claims state, or null when a lineage claim is not of its type, {@code root_iat} included
   * (a NumericDate, docs/robustness.md, "numeric claims"): a malformed token.
   */
  static Lineage of(JsonObject claims, Instant issuedAt) {
    Object family = claims.getValue(FAMILY);
    Object ancestors = claims.getValue(ANCESTORS);
    Object root = claims.getValue(ROOT_ISSUED_AT);
    if ((family != null && !(family instanceof String)) || (ancestors != null && !(ancestors instanceof JsonArray))
        || (root != null && NumericDate.read(root) == null)) {
      return null;
    }
    List<String> ids = List.of();
    if (ancestors instanceof JsonArray list) {
      ids = new ArrayList<>(list.size());
      for (Object id : list) {
        if (!(id instanceof String text) || text.isEmpty()) {
          return null;
        }
        ids.add(text);
      }
      ids = List.copyOf(ids);
    }
    Instant earliest = issuedAt;
    if (root != null) {
      Instant rootAt = NumericDate.read(root);
      earliest = earliest == null || rootAt.isBefore(earliest) ? rootAt : earliest;
    }
    return new Lineage((String) family, ids, earliest);
  }

  /** The lineage of a token minted from the one that has this lineage and is known by {@code sourceId}. */
  public Lineage child(String sourceId) {
    List<String> ids = new ArrayList<>(ancestors.size() + 1);
    ids.addAll(ancestors);
    ids.add(sourceId);
    return new Lineage(familyId, List.copyOf(ids), earliestIssuedAt);
  }

  /** Writes the lineage into a new token's claims; a token with none gets no lineage claims. */
  JsonObject writeInto(JsonObject claims) {
    if (familyId != null) {
      claims.put(FAMILY, familyId);
    }
    if (!ancestors.isEmpty()) {
      claims.put(ANCESTORS, new JsonArray(ancestors));
    }
    if (earliestIssuedAt != null) {
      claims.put(ROOT_ISSUED_AT, NumericDate.of(earliestIssuedAt));
    }
    return claims;
  }
}
