package authsuite.jwt;

import authsuite.common.http.Problem;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenMinter;
import authsuite.common.jwt.TokenMinter.TokenPair;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.TokenValidator;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.jwt.refresh.RefreshFamilies;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One refresh: the presented refresh token is validated, spent atomically in its family, and
 * answered with a new pair; a spent token presented again (outside the grace window) revokes the
 * whole family. Refresh tokens of the primary auth service start a family of their own.
 */
final class RefreshRotation {
  private final TokenValidator validator;
  private final TokenMinter minter;
  private final RefreshFamilies families;
  private final Revocations revocations;
  private final JwtSettings settings;
  private final Clock clock;

  RefreshRotation(TokenValidator validator, TokenMinter minter, RefreshFamilies families, Revocations revocations,
                  JwtSettings settings, Clock clock) {
    this.validator = validator;
    this.minter = minter;
    this.families = families;
    this.revocations = revocations;
    this.settings = settings;
    this.clock = clock;
  }

  Future<TokenPair> refresh(String refreshToken) {
    return validator.validate(refreshToken, TokenUse.REFRESH).compose(check -> {
      if (!check.isValid()) {
        return Future.failedFuture(TokenCheck.WRONG_TOKEN_TYPE.equals(check.reason())
            ? Problem.unauthorized(check.reason(), "present a refresh token") : Problem.notValid("refresh token", check.reason()));
      }
      // a token without a jti is known by its fingerprint, whatever its spelling (docs/threat-model.md, "one token, one spelling")
      String jti = check.tokenId();
      String family = check.familyId() != null ? check.familyId() : "primary-" + jti;
      Duration grace = settings.refreshReuseGrace();
      Duration markerTtl = Duration.between(clock.instant(), check.expiresAt()).plus(settings.leeway()).plus(grace);
      return minter.pair(check.identity(), family).compose(candidate ->
          families.rotate(family, jti, candidate.toJson(), grace, markerTtl.isNegative() ? Duration.ofMinutes(1) : markerTtl)
              .compose(rotation -> answer(rotation, family, candidate)));
    });
  }

  private Future<TokenPair> answer(RefreshFamilies.Rotation rotation, String family, TokenPair candidate) {
    return switch (rotation.outcome()) {
      case ROTATED -> Future.succeededFuture(candidate);
      case REPLAYED_IN_GRACE -> Future.succeededFuture(TokenPair.fromJson(rotation.successor()));
      case REUSED -> revocations.revokeFamily(family, clock.instant().plus(settings.refreshTokenTtl()))
          .transform(revoked -> Future.failedFuture(Problem.unauthorized("refresh_token_reused",
              "this refresh token was already used; every token of its family is now revoked")));
      case FAMILY_REVOKED -> Future.failedFuture(Problem.unauthorized(TokenCheck.REVOKED, "this refresh token's family is revoked"));
    };
  }
}
