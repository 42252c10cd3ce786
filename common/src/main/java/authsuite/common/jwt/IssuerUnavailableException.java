package authsuite.common.jwt;

import authsuite.common.config.Redacted;

/**
 * No usable key could be had for a token because its issuer's JWKS cannot be fetched and no
 * last-known-good key matches: "cannot tell", answered 503 {@code issuer_unavailable}, never "invalid".
 */
public final class IssuerUnavailableException extends RuntimeException {
  private final String issuer;

  public IssuerUnavailableException(String issuer, Throwable cause) {
    super(Redacted.text("issuer " + issuer + " is unavailable: " + (cause == null ? "no keys yet" : cause.getMessage())), cause);
    this.issuer = issuer;
  }

  public String issuer() {
    return issuer;
  }
}
