package authsuite.wsgateway;

import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.TokenValidator;
import io.vertx.core.Future;

/**
 * Request tokens as the gateway takes them for a socket: on the upgrade, in an auth or reauth message, and from
 * connection-info's user caller. One rule for all of them, so that a socket can be renewed only with a token that
 * could have opened it.
 */
final class UserTokens {
  private final TokenValidator validator;

  UserTokens(TokenValidator validator) {
    this.validator = validator;
  }

  /** The token checked as a request token, then {@link #usable}; fails when the check cannot be made. */
  Future<TokenCheck> check(String token) {
    return validator.validate(token, TokenUse.REQUEST).map(UserTokens::usable);
  }

  /** A socket is held for a user: a valid token that names none (or an empty one) is as good as malformed here. */
  static TokenCheck usable(TokenCheck check) {
    return check.isValid() && (check.identity().userId() == null || check.identity().userId().isEmpty())
        ? TokenCheck.invalid(TokenCheck.MALFORMED) : check;
  }
}
