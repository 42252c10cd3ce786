package authsuite.jwt;

import authsuite.common.http.Problem;
import authsuite.common.jwt.JwtCore;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenMinter.TokenPair;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.refresh.RefreshFamilies;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;

/**
 * One refresh: the presented refresh token is validated, spent atomically in its family, and
 * answered with a new pair; a spent token presented again (outside the grace window) revokes the
 * whole family. Refresh tokens of the primary auth service start a family of their own.
 */
final class RefreshRotation {
  private final JwtCore jwt;

  RefreshRotation(JwtCore jwt) {
    this.jwt = jwt;
  }

  Future<TokenPair> refresh(String refreshToken) {
    return jwt.validator().validate(refreshToken, TokenUse.REFRESH).compose(check -> {
      if (!check.isValid()) {
        return Future.failedFuture(TokenCheck.WRONG_TOKEN_TYPE.equals(check.reason())
            ? Problem.unauthorized(check.reason(), "present a refresh token") : Problem.notValid("refresh token", check.reason()));
      }
      // a token without a jti is known by its fingerprint, whatever its spelling (docs/threat-model.md, "one token, one spelling")
      String jti = check.tokenId();
      String family = check.familyId() != null ? check.familyId() : "primary-" + jti;
      Duration grace = jwt.settings().refreshReuseGrace();
      Duration markerTtl = Duration.between(Instant.now(), check.expiresAt()).plus(jwt.settings().leeway()).plus(grace);
      return jwt.minter().pair(check.identity(), family).compose(candidate ->
          jwt.families().rotate(family, jti, candidate.toJson(), grace, markerTtl.isNegative() ? Duration.ofMinutes(1) : markerTtl)
              .compose(rotation -> answer(rotation, family, candidate)));
    });
  }

  private Future<TokenPair> answer(RefreshFamilies.Rotation rotation, String family, TokenPair candidate) {
    return switch (rotation.outcome()) {
      case ROTATED -> Future.succeededFuture(candidate);
      case REPLAYED_IN_GRACE -> Future.succeededFuture(TokenPair.fromJson(rotation.successor()));
      case REUSED -> jwt.revocations().revokeFamily(family, Instant.now().plus(jwt.settings().refreshTokenTtl()))
          .transform(revoked -> Future.failedFuture(Problem.unauthorized("refresh_token_reused",
              "this refresh token was already used; every token of its family is now revoked")));
      case FAMILY_REVOKED -> Future.failedFuture(Problem.unauthorized(TokenCheck.REVOKED, "this refresh token's family is revoked"));
    };
  }
}
