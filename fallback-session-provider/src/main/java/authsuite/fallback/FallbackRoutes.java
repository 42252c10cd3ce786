package authsuite.fallback;

import authsuite.common.http.BearerToken;
import authsuite.common.http.CorrelationId;
import authsuite.common.http.InternalAuth;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import authsuite.common.jwt.InternalTokens;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.TokenValidator;
import authsuite.common.text.Identifiers;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** The fallback endpoints of this service's OpenAPI document; the OpenAPI router has already checked each body's shape. */
final class FallbackRoutes {
  private static final String NOT_EMERGENCY = "not_emergency_token";

  private final EmergencySignIn signIn;
  private final FallbackGate gate;
  private final TokenValidator validator;
  private final InternalAuth internal;
  private final Set<String> trustedProxies;
  private final Optional<DatabaseCircuit> circuit;

  FallbackRoutes(EmergencySignIn signIn, FallbackGate gate, TokenValidator validator, InternalTokens internalTokens,
                 Optional<DatabaseCircuit> circuit, Set<String> trustedProxies) {
    this.circuit = circuit;
    this.signIn = signIn;
    this.trustedProxies = trustedProxies;
    this.gate = gate;
    this.validator = validator;
    this.internal = new InternalAuth(internalTokens);
  }

  void mount(RouterBuilder api) {
    api.getRoute("emergencyAuth").addHandler(this::emergencyAuth);
    api.getRoute("createEmergencySession").addHandler(this::create);
    api.getRoute("validateEmergencyToken").addHandler(this::validate);
    api.getRoute("fallbackStatus").addHandler(this::status);
    api.getRoute("setFallbackActivation").addHandler(internal).addHandler(this::activate);
  }

  private void emergencyAuth(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    // docs/robustness.md, "identifiers": checked before any lookup or audit, so a NUL never reaches PostgreSQL
    String username = Identifiers.optional(body, "username");
    String email = Identifiers.optional(body, "email");
    if ((username == null) == (email == null)) {
      ctx.fail(Problem.badRequest("invalid_request", "send exactly one of username or email, and a password"));
      return;
    }
    var attempt = new EmergencySignIn.PasswordAttempt(username != null ? username : email, username == null,
        body.getString("password"), clientAddress(ctx), CorrelationId.of(ctx));
    signIn.withPassword(attempt).onSuccess(grant -> answer(ctx, grant)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    BearerToken.checked(body.getString("token", BearerToken.of(ctx)))
        .compose(token -> signIn.fromAccessToken(token, clientAddress(ctx), CorrelationId.of(ctx)))
        .onSuccess(grant -> answer(ctx, grant))
        .onFailure(ctx::fail);
  }

  /** Only emergency tokens: a valid token of any other type is answered {@code not_emergency_token}. */
  private void validate(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    BearerToken.checked(body.getString("token", BearerToken.of(ctx)))
        .compose(token -> validator.validate(token, TokenUse.EMERGENCY))
        .onSuccess(check -> {
          JsonObject answer = TokenCheck.WRONG_TOKEN_TYPE.equals(check.reason())
              ? new JsonObject().put("valid", false).put("reason", NOT_EMERGENCY)
              : check.toJson();
          ctx.response().putHeader("Cache-Control", "no-store");
          ctx.json(answer);
        })
        .onFailure(ctx::fail);
  }

  private void status(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.json(gate.status().put("database", circuit.map(DatabaseCircuit::status).orElse(null)));
  }

  private void activate(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    Instant until = Boolean.TRUE.equals(body.getBoolean("enabled"))
        ? Instant.now().plusSeconds(body.getInteger("expires_in_s", 3_600)) : null;
    gate.activate(until).onSuccess(broadcast -> ctx.json(new JsonObject()
        .put("enabled", until != null).put("until", until == null ? null : until.toString())
        .put("broadcast", broadcast).put("active", gate.open()).put("reasons", gate.status().getJsonArray("reasons"))));
  }

  private static void answer(RoutingContext ctx, EmergencySignIn.Grant grant) {
    JsonObject body = new JsonObject()
        .put("access_token", grant.token().token())
        .put("token_type", "Bearer")
        .put("expires_in", grant.token().expiresIn())
        .put("expires_at", grant.identity().expiresAt().toString())
        .put("identity", grant.identity().toJson());
    if (grant.degraded()) {
      body.put("degraded", true);
      ctx.response().putHeader("X-Auth-Degraded", "true");
    }
    ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
    ctx.json(body);
  }

  /**
   * The TCP peer's address; when that peer is one of FALLBACK_TRUSTED_PROXIES, the nearest address in
   * X-Forwarded-For that is not a trusted proxy itself. From anyone else the header is ignored: a client
   * could otherwise pick a fresh address for every guess and step round the per-address limit.
   */
  private String clientAddress(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || !trustedProxies.contains(peer)) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop.length() > 64 ? hop.substring(0, 64) : hop;
      }
    }
    return peer;
  }
}
