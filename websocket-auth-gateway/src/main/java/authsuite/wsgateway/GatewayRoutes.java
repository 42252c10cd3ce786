package authsuite.wsgateway;

import authsuite.common.jwt.TokenUse;
import authsuite.common.http.BearerToken;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import authsuite.common.jwt.InternalTokens;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenValidator;
import authsuite.common.text.Identifiers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.List;

/**
 * The gateway's HTTP API: tickets ({@code validate}), {@code connection-info} across instances, and {@code authorize}
 * against the channel policy. Connection-info and authorize by connection id answer an internal token (the chat
 * service, operators) or the connection's own user; authorize by token answers whoever holds the token.
 */
final class GatewayRoutes {
  private final TokenValidator validator;
  private final InternalTokens internalTokens;
  private final Tickets tickets;
  private final ConnectionRegistry registry;
  private final ChannelPolicy policy;

  GatewayRoutes(TokenValidator validator, InternalTokens internalTokens, Tickets tickets, ConnectionRegistry registry,
                ChannelPolicy policy) {
    this.validator = validator;
    this.internalTokens = internalTokens;
    this.tickets = tickets;
    this.registry = registry;
    this.policy = policy;
  }

  void mount(RouterBuilder api) {
    api.getRoute("issueTicket").addHandler(this::issueTicket);
    api.getRoute("connectionInfo").addHandler(this::connectionInfo);
    api.getRoute("authorizeChannel").addHandler(this::authorize);
  }

  private void issueTicket(RoutingContext ctx) {
    String token = JsonBody.of(ctx).getString("token", BearerToken.of(ctx));
    BearerToken.checked(token)
        .compose(t -> validator.validate(t, TokenUse.REQUEST).compose(check -> !check.isValid()
            ? Future.succeededFuture(check.toJson())
            : tickets.issue(t).map(ticket -> check.toJson().put("ticket", ticket)
                .put("ticket_expires_in", GatewaySettings.TICKET_TTL.toSeconds()))))
        .onSuccess(answer -> ctx.response().putHeader("Cache-Control", "no-store").putHeader("Content-Type", "application/json")
            .end(answer.encode()))
        .onFailure(ctx::fail);
  }

  private void connectionInfo(RoutingContext ctx) {
    String connectionId = ctx.request().getParam("connection_id");
    String userId = ctx.request().getParam("user_id");
    if ((connectionId == null) == (userId == null)) {
      ctx.fail(Problem.badRequest("invalid_request", "name exactly one of connection_id or user_id"));
      return;
    }
    Identifiers.checked(connectionId != null ? "connection_id" : "user_id", connectionId != null ? connectionId : userId);
    caller(ctx)
        .compose(caller -> connectionId != null
            ? registry.byId(connectionId).compose(entry -> {
                if (entry == null || !caller.mayRead(entry.getString("user_id"))) {
                  return Future.failedFuture(Problem.notFound("connection_not_found", "no open connection has this id"));
                }
                return Future.succeededFuture(new JsonArray().add(entry));
              })
            : caller.mayRead(userId) ? registry.byUser(userId)
                : Future.failedFuture(Problem.forbidden("forbidden", "only the user or an internal caller may list a user's connections")))
        .onSuccess(entries -> ctx.json(new JsonObject().put("connections", entries)))
        .onFailure(ctx::fail);
  }

  private void authorize(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    // docs/robustness.md, "identifiers": a channel is recorded on the connection and matched against the policy
    String channel = Identifiers.required(body, "channel");
    String action = body.getString("action");
    String connectionId = Identifiers.optional(body, "connection_id");
    String token = body.getString("token");
    if ((connectionId == null) == (token == null)) {
      ctx.fail(Problem.badRequest("invalid_request", "name exactly one of connection_id or token"));
      return;
    }
    Future<List<String>> roles = token != null
        ? BearerToken.checked(token).compose(t -> validator.validate(t, TokenUse.REQUEST)).compose(this::rolesOf)
        : caller(ctx).compose(caller -> registry.byId(connectionId).compose(entry -> entry == null || !caller.mayRead(entry.getString("user_id"))
            ? Future.failedFuture(Problem.notFound("connection_not_found", "no open connection has this id"))
            : Future.succeededFuture(rolesOf(entry))));
    roles.compose(held -> {
          String rule = policy.allowedBy(held, channel, action);
          JsonObject answer = new JsonObject().put("allowed", rule != null).put("channel", channel).put("action", action)
              .put("roles", new JsonArray(held)).put("rule", rule);
          return rule != null && connectionId != null
              ? registry.addChannel(connectionId, channel).map(answer) : Future.succeededFuture(answer);
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<List<String>> rolesOf(TokenCheck check) {
    return check.isValid() ? Future.succeededFuture(check.identity().roles())
        : Future.failedFuture(Problem.notValid("token", check.reason()));
  }

  private static List<String> rolesOf(JsonObject entry) {
    JsonArray roles = entry.getJsonArray("roles", new JsonArray());
    return roles.stream().map(String::valueOf).toList();
  }

  /**
   * The internal caller for a valid internal token, and for nothing else: no property of a user token (an empty
   * subject, say) makes its holder internal. Else the user a valid token names; fails 401 otherwise.
   */
  private Future<Caller> caller(RoutingContext ctx) {
    String token = BearerToken.of(ctx);
    if (token == null) {
      return Future.failedFuture(Problem.unauthorized("missing_token", "send Authorization: Bearer <token> (an internal or the user's token)"));
    }
    return internalTokens.verify(token).map(Caller.INTERNAL)
        .recover(notInternal -> BearerToken.checked(token).compose(t -> validator.validate(t, TokenUse.REQUEST)).map(UserTokens::usable)
            .compose(check -> check.isValid()
                ? Future.succeededFuture(Caller.user(check.identity().userId()))
                : Future.failedFuture(Problem.notValid("token", check.reason()))));
  }

  /** Who asks: the internal caller (known by its internal token alone), or one user (a non-empty user id). */
  private record Caller(boolean internal, String userId) {
    static final Caller INTERNAL = new Caller(true, null);

    static Caller user(String userId) {
      return new Caller(false, userId);
    }

    boolean mayRead(String owner) {
      return internal || (userId != null && !userId.isEmpty() && userId.equals(owner));
    }
  }
}
