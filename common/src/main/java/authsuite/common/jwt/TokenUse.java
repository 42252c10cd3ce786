package authsuite.common.jwt;

import java.util.Set;

/**
 * What a caller accepts a token for, stated at every place a token is presented
 * (docs/threat-model.md, "one credential rule"): a token of another type is answered
 * {@link TokenCheck#WRONG_TOKEN_TYPE}, so a refresh token never authenticates a request and an
 * access token never refreshes.
 */
public enum TokenUse {
  /** Authenticates a request: an access token, or an emergency token of the fallback provider. */
  REQUEST(Set.of(TokenMinter.ACCESS, TokenMinter.EMERGENCY), false),
  /** Only an access token: what may be exchanged or turned into an emergency session. */
  ACCESS(Set.of(TokenMinter.ACCESS), false),
  /** Only a refresh token, at the refresh endpoint. */
  REFRESH(Set.of(TokenMinter.REFRESH), false),
  /** Only an emergency token signed with the emergency key. */
  EMERGENCY(Set.of(TokenMinter.EMERGENCY), true);

  private final Set<String> types;
  private final boolean emergencyKeyOnly;

  TokenUse(Set<String> types, boolean emergencyKeyOnly) {
    this.types = types;
    this.emergencyKeyOnly = emergencyKeyOnly;
  }

  boolean accepts(Identity identity) {
    return types.contains(identity.tokenType()) && (!emergencyKeyOnly || TokenMinter.EMERGENCY.equals(identity.source()));
  }
}
