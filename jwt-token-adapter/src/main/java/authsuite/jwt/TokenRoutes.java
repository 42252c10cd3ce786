package authsuite.jwt;

import authsuite.common.http.BearerToken;
import authsuite.common.http.HeaderValues;
import authsuite.common.http.InternalAuth;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import authsuite.common.http.RequestLimits;
import authsuite.common.jwt.InternalTokens;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.jwt.NumericDate;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenMinter;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.TokenValidator;
import authsuite.common.jwt.keys.SuiteKeys;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.text.Identifiers;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Instant;

/** The token endpoints of this service's OpenAPI document on top of the JWT core. */
final class TokenRoutes {
  private static final String EXCHANGED_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  // pre-encoded header names: forward-auth answers are mostly headers, and this is the hottest path
  private static final CharSequence X_USER_ID = HttpHeaders.createOptimized("X-User-Id");
  private static final CharSequence X_USER_EMAIL = HttpHeaders.createOptimized("X-User-Email");
  private static final CharSequence X_USER_ROLES = HttpHeaders.createOptimized("X-User-Roles");
  private static final CharSequence X_SESSION_ID = HttpHeaders.createOptimized("X-Session-Id");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private final TokenValidator validator;
  private final TokenMinter minter;
  private final Revocations revocations;
  private final SuiteKeys suiteKeys;
  private final SuiteKeyRotation keyRotation;
  private final RefreshRotation rotation;
  private final InternalAuth internal;
  private final JwtSettings settings;
  private final Clock clock;

  TokenRoutes(TokenValidator validator, TokenMinter minter, Revocations revocations, SuiteKeys suiteKeys,
              SuiteKeyRotation keyRotation, RefreshRotation rotation, InternalTokens internalTokens, JwtSettings settings,
              Clock clock) {
    this.validator = validator;
    this.minter = minter;
    this.revocations = revocations;
    this.suiteKeys = suiteKeys;
    this.keyRotation = keyRotation;
    this.rotation = rotation;
    this.internal = new InternalAuth(internalTokens);
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The two hot paths, mounted ahead of the OpenAPI router. Forward-auth proxies call verify with the
   * original method and sometimes the original path appended, which no contract path can express;
   * validate checks its three optional fields itself ({@link ValidateRequest}, the contract's rules and
   * the JSON depth limit, in one streaming pass),
   * because the generic router and schema validator cost more than validating an HS256 token
   * (ValidateRequestContractTest holds it to the contract's schema). Mounted here only: both stay
   * documented in the contract, where no handler is registered for them, since none would be reached.
   */
  void mountHotPaths(Router router) {
    router.route("/api/v1/jwt/verify").handler(this::verify);
    router.route("/api/v1/jwt/verify/*").handler(this::verify);
    router.post("/api/v1/jwt/validate")
        .handler(BodyHandler.create(false).setBodyLimit(RequestLimits.MAX_BODY_BYTES))
        .handler(this::validate);
  }

  void mount(RouterBuilder api) {
    api.getRoute("refreshToken").addHandler(this::refresh);
    api.getRoute("exchangeToken").addHandler(this::exchange);
    api.getRoute("revokeTokens").addHandler(internal).addHandler(this::revoke);
    api.getRoute("rotateSuiteKey").addHandler(internal).addHandler(this::rotateKey);
    api.getRoute("tokenStatus").addHandler(this::status);
    api.getRoute("suiteJwks").addHandler(this::jwks);
  }

  private void validate(RoutingContext ctx) {
    checked(validator, ValidateRequest.from(ctx))
        .onSuccess(check -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(check.answer()))
        .onFailure(ctx::fail);
  }

  /** The check validate answers a request with; also what ValidateRouteAllocationBenchmark drives. */
  static Future<TokenCheck> checked(TokenValidator validator, Future<ValidateRequest> request) {
    return request.compose(r -> BearerToken.checked(r.token())
        .compose(token -> validator.validate(token, TokenUse.REQUEST, r.audience(), r.requiredRoles())));
  }

  private void verify(RoutingContext ctx) {
    String token = BearerToken.of(ctx);
    if (token == null) {
      ctx.fail(Problem.unauthorized("missing_token", "send Authorization: Bearer <token>").header("WWW-Authenticate", "Bearer"));
      return;
    }
    BearerToken.checked(token)
        .compose(t -> validator.validate(t, TokenUse.REQUEST))
        .onSuccess(check -> {
          if (!check.isValid()) {
            ctx.fail(Problem.notValid("token", check.reason())
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + check.reason() + "\""));
            return;
          }
          var identity = check.identity();
          ctx.response()
              .putHeader(X_USER_ID, HeaderValues.encode(identity.userId()))
              .putHeader(X_USER_EMAIL, HeaderValues.encode(identity.email()))
              .putHeader(X_USER_ROLES, HeaderValues.list(identity.roles()))
              .putHeader(X_SESSION_ID, HeaderValues.encode(identity.sessionId()))
              .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
              .end();
        })
        .onFailure(ctx::fail);
  }

  private void refresh(RoutingContext ctx) {
    BearerToken.checked(JsonBody.of(ctx).getString("refresh_token"))
        .compose(rotation::refresh)
        .onSuccess(pair -> ctx.response().putHeader("Cache-Control", "no-store").putHeader("Content-Type", "application/json")
            .end(pair.toJson().encode()))
        .onFailure(ctx::fail);
  }

  private void exchange(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    BearerToken.checked(body.getString("subject_token", body.getString("token")))
        .compose(t -> validator.validate(t, TokenUse.ACCESS))
        .compose(check -> {
          if (TokenCheck.WRONG_TOKEN_TYPE.equals(check.reason())) {
            return Future.failedFuture(Problem.badRequest("unsupported_token_type", "only access tokens can be exchanged"));
          }
          if (!check.isValid()) {
            return Future.failedFuture(Problem.notValid("token", check.reason()));
          }
          return minter.access(check.identity(), check.expiresAt(), check.descendantLineage());
        })
        .onSuccess(token -> ctx.response().putHeader("Cache-Control", "no-store").putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("access_token", token).put("issued_token_type", EXCHANGED_TYPE)
                .put("token_type", "Bearer").put("expires_in", minter.accessTokenTtl().toSeconds()).encode()))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    Instant until = body.getValue("expires_at") == null ? clock.instant().plus(settings.refreshTokenTtl())
        : NumericDate.readTime(body.getValue("expires_at"));
    if (until == null) {
      ctx.fail(Problem.badRequest("invalid_request", "expires_at must be an ISO-8601 instant (or epoch seconds) from 1970 to 9999")
          .field("expires_at"));
      return;
    }
    // docs/robustness.md, "identifiers": a revocation is keyed by the id, so it must be the id a token carries
    String jti = Identifiers.optional(body, "jti");
    String sessionId = Identifiers.optional(body, "session_id");
    String userId = Identifiers.optional(body, "user_id");
    Future<Void> revoked;
    JsonObject answer = new JsonObject();
    if (jti != null) {
      revoked = revocations.revokeToken(jti, until);
      answer.put("jti", jti);
    } else if (sessionId != null) {
      revoked = revocations.revokeSession(sessionId, until);
      answer.put("session_id", sessionId);
    } else if (userId != null) {
      Instant now = clock.instant();
      revoked = revocations.revokeUser(userId, now, now.plus(settings.refreshTokenTtl()));
      answer.put("user_id", userId).put("not_before", now.toString());
    } else {
      ctx.fail(Problem.badRequest("invalid_request", "name a jti, session_id or user_id"));
      return;
    }
    revoked.onSuccess(done -> ctx.json(new JsonObject().put("revoked", answer.put("until", until.toString()))))
        .onFailure(ctx::fail);
  }

  private void rotateKey(RoutingContext ctx) {
    keyRotation.rotate()
        .onSuccess(kid -> ctx.json(new JsonObject().put("kid", kid)))
        .onFailure(ctx::fail);
  }

  private void status(RoutingContext ctx) {
    ctx.json(validator.status()
        .put("suite_kids", new JsonArray(suiteKeys.keyIds()))
        .put("revocations", revocations.status()));
  }

  private void jwks(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/jwk-set+json").putHeader("Cache-Control", "public, max-age=300")
        .end(suiteKeys.publicJwks().encode());
  }
}
