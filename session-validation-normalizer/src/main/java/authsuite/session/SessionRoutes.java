package authsuite.session;

import authsuite.common.http.BearerToken;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import authsuite.common.http.RequestLimits;
import authsuite.common.jwt.InternalTokens;
import authsuite.common.text.Identifiers;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.List;

/** The session endpoints of this service's OpenAPI document: validate, info, normalize, create and revoke. */
final class SessionRoutes {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence X_AUTH_DEGRADED = HttpHeaders.createOptimized("X-Auth-Degraded");
  private static final String INTEGRATION_LAYER = "X-Integration-Layer";

  private final SessionValidation validation;
  private final SessionValidation callerValidation;
  private final SessionBook sessions;
  private final InternalTokens internalTokens;
  private final Clock clock;

  SessionRoutes(SessionValidation validation, SessionValidation callerValidation, SessionBook sessions,
                InternalTokens internalTokens, Clock clock) {
    this.validation = validation;
    this.callerValidation = callerValidation;
    this.sessions = sessions;
    this.internalTokens = internalTokens;
    this.clock = clock;
  }

  /**
   * Validate is the hot path: mounted ahead of the OpenAPI router, its optional body checked by the resolvers
   * themselves. Mounted here only: the contract documents it, and its operation gets no handler, since none would be reached.
   */
  void mountHotPaths(Router router) {
    router.post("/api/v1/session/validate")
        .handler(BodyHandler.create(false).setBodyLimit(RequestLimits.MAX_BODY_BYTES))
        .handler(new RequestLimits())
        .handler(this::validate);
  }

  void mount(RouterBuilder api) {
    api.getRoute("sessionInfo").addHandler(this::info);
    api.getRoute("normalizeSession").addHandler(this::normalize);
    api.getRoute("createSession").addHandler(this::create);
    api.getRoute("revokeSession").addHandler(this::revoke);
  }

  private void validate(RoutingContext ctx) {
    Credential credential;
    try {
      credential = validation.credentialOf(ctx);
    } catch (Problem malformed) {
      ctx.fail(malformed);
      return;
    }
    if (credential == null) {
      ctx.fail(missingCredential());
      return;
    }
    boolean integration = "true".equalsIgnoreCase(ctx.request().getHeader(INTEGRATION_LAYER));
    validation.check(credential)
        .onSuccess(verdict -> answer(ctx, verdict.degraded()).end(verdict.answer(integration)))
        .onFailure(ctx::fail);
  }

  /** The caller's session and their other sessions; an internal caller may name any ?session_id= or ?user_id=. */
  private void info(RoutingContext ctx) {
    String sessionId = ctx.queryParams().get("session_id");
    String userId = ctx.queryParams().get("user_id");
    if (sessionId != null || userId != null) {
      requireInternal(ctx)
          .compose(v -> sessionId != null ? sessions.peek(sessionId) : Future.succeededFuture(null))
          .compose(session -> {
            if (sessionId != null && session == null) {
              return Future.failedFuture(Problem.notFound("session_not_found", "no live session has that id"));
            }
            String owner = session != null ? session.getString("user_id") : userId;
            return withOthers(session, owner, false);
          })
          .onSuccess(body -> answer(ctx, false).end(body.encode()))
          .onFailure(ctx::fail);
      return;
    }
    Credential credential = callerValidation.credentialOf(ctx);
    if (credential == null) {
      ctx.fail(missingCredential());
      return;
    }
    // "source" says what decided: jwt, redis_session, emergency, or the name of an existing store (SESSION_SOURCES)
    callerValidation.check(credential)
        .compose(verdict -> verdict.isValid()
            ? withOthers(verdict.session(), verdict.session().getString("user_id"), verdict.degraded())
                .map(body -> body.put("source", verdict.source()))
            : Future.failedFuture(Problem.notValid("session", verdict.reason())))
        .onSuccess(body -> answer(ctx, body.getBoolean("degraded")).end(body.encode()))
        .onFailure(ctx::fail);
  }

  /**
   * The session the caller named (its id is theirs already) and the user's others by handle only: a listing never
   * hands out an id, whoever asks (docs/threat-model.md, "listings show a handle").
   */
  private Future<JsonObject> withOthers(JsonObject session, String userId, boolean degraded) {
    String current = session == null || session.getString("session_id") == null ? null : sessions.handle(session.getString("session_id"));
    if (current != null) {
      session.put("handle", current);
    }
    Future<List<JsonObject>> others = userId == null ? Future.succeededFuture(List.of()) : sessions.ofUser(userId);
    return others
        .map(list -> new JsonObject().put("session", session).put("degraded", degraded)
            .put("other_sessions", new JsonArray(list.stream().filter(s -> !s.getString("handle").equals(current)).toList())))
        .recover(storeDown -> degraded || session != null && !"redis_session".equals(session.getString("source"))
            ? Future.succeededFuture(new JsonObject().put("session", session).put("degraded", true).putNull("other_sessions"))
            : Future.failedFuture(storeDown));
  }

  private void normalize(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    Object format = body.getValue("format");
    boolean persist = Boolean.TRUE.equals(body.getValue("persist"));
    JsonObject foreign = body.getValue("session") instanceof JsonObject session ? session : null;
    if (foreign == null || (format != null && !ForeignSession.SHAPES.contains(format))) {
      ctx.fail(Problem.badRequest("invalid_request", "send {\"session\": {...}} and optionally a 'format' of "
          + String.join(", ", ForeignSession.SHAPES) + " and 'persist'"));
      return;
    }
    ForeignSession read;
    try {
      read = ForeignSession.read(foreign, (String) format, clock.instant());
    } catch (Problem invalid) {
      ctx.fail(invalid);
      return;
    }
    boolean expired = !read.expiresAt().isAfter(clock.instant());
    if (!persist) {
      answer(ctx, false).end(new JsonObject().put("shape", read.shape()).put("expired", expired)
          .put("session", read.toJson(clock.instant())).encode());
      return;
    }
    requireInternal(ctx)
        .compose(v -> expired
            ? Future.failedFuture(Problem.badRequest("session_expired", "the session expired at " + read.expiresAt()))
            : sessions.create(read.toNewSession()))
        .onSuccess(created -> answer(ctx, false).setStatusCode(201).end(created.toJson().put("shape", read.shape()).encode()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    requireInternal(ctx)
        .map(v -> CreateRequest.from(JsonBody.of(ctx)))
        .compose(sessions::create)
        .onSuccess(created -> answer(ctx, false).setStatusCode(201).end(created.toJson().encode()))
        .onFailure(ctx::fail);
  }

  /**
   * {session_id}: one's own session (presented as a credential), or any with an internal token; {handle}: one of
   * the caller's user's sessions as info listed it; {user_id}: internal.
   */
  private void revoke(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    // docs/robustness.md, "identifiers": each names a stored key, so each is refused (400) when it is not one
    String handle = Identifiers.optional(body, "handle");
    String userId = Identifiers.optional(body, "user_id");
    String sessionId = Identifiers.optional(body, "session_id");
    if (handle != null) {
      revokeByHandle(ctx, handle);
      return;
    }
    if (userId != null) {
      requireInternal(ctx)
          .compose(v -> sessions.revokeUser(userId))
          .onSuccess(count -> answer(ctx, false).end(new JsonObject()
              .put("revoked", new JsonObject().put("user_id", userId).put("sessions", count)).encode()))
          .onFailure(ctx::fail);
      return;
    }
    if (sessionId == null) {
      ctx.fail(Problem.badRequest("invalid_request", "name a session_id or a handle (or, internal, a user_id)"));
      return;
    }
    isInternal(ctx)
        .compose(internal -> internal ? Future.succeededFuture() : requireOwnSession(ctx, sessionId))
        .compose(v -> sessions.revoke(sessionId))
        .onSuccess(existed -> answer(ctx, false).end(new JsonObject()
            .put("revoked", new JsonObject().put("session_id", sessionId).put("existed", existed)).encode()))
        .onFailure(ctx::fail);
  }

  /** The handle names a session only among the caller's user's own: any other is not found, whoever's it is. */
  private void revokeByHandle(RoutingContext ctx, String handle) {
    Credential credential = callerValidation.credentialOf(ctx);
    if (credential == null) {
      ctx.fail(missingCredential());
      return;
    }
    callerValidation.check(credential)
        .compose(verdict -> verdict.isValid() ? sessions.revokeByHandle(verdict.session().getString("user_id"), handle)
            : Future.failedFuture(Problem.notValid("session", verdict.reason())))
        .compose(revoked -> revoked ? Future.succeededFuture()
            : Future.failedFuture(Problem.notFound("session_not_found", "none of your live sessions has that handle")))
        .onSuccess(v -> answer(ctx, false).end(new JsonObject()
            .put("revoked", new JsonObject().put("handle", handle).put("existed", true)).encode()))
        .onFailure(ctx::fail);
  }

  private Future<Void> requireOwnSession(RoutingContext ctx, String sessionId) {
    Credential credential = callerValidation.credentialOf(ctx);
    if (credential == null) {
      return Future.failedFuture(missingCredential());
    }
    return callerValidation.check(credential).compose(verdict -> {
      if (!verdict.isValid()) {
        return Future.failedFuture(Problem.notValid("session", verdict.reason()));
      }
      return sessionId.equals(verdict.session().getString("session_id")) ? Future.succeededFuture()
          : Future.failedFuture(Problem.forbidden("not_own_session", "only your own session, or any with an internal token"));
    });
  }

  private Future<Boolean> isInternal(RoutingContext ctx) {
    String token = BearerToken.of(ctx);
    return token == null ? Future.succeededFuture(false) : internalTokens.verify(token).map(true).otherwise(false);
  }

  private Future<Void> requireInternal(RoutingContext ctx) {
    return isInternal(ctx).compose(internal -> internal ? Future.succeededFuture()
        : Future.failedFuture(Problem.unauthorized("internal_token_required", "this needs an internal token")
            .header("WWW-Authenticate", "Bearer realm=\"authsuite-internal\"")));
  }

  private static Problem missingCredential() {
    return Problem.unauthorized("missing_credentials",
            "send a bearer token, the session cookie, X-Session-ID, or {session_id | token} in the body")
        .header("WWW-Authenticate", "Bearer");
  }

  private static HttpServerResponse answer(RoutingContext ctx, boolean degraded) {
    HttpServerResponse response = ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    if (degraded) {
      response.putHeader(X_AUTH_DEGRADED, "true");
    }
    return response;
  }
}
