package authsuite.launcher.demo;

import at.favre.lib.crypto.bcrypt.BCrypt;
import authsuite.common.http.CorsPolicy;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import authsuite.common.http.ProblemResponder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A development stand-in for the primary auth service, so that the demo page can sign someone in on a
 * machine that has none. It knows one user ({@link DemoUser}) and answers like the platform's primary:
 * {@code POST /api/v1/auth/login} gives an HS256 access and refresh token signed with the suite's
 * JWT_SECRET_KEY, which the adapter then validates, refreshes and revokes for real. An outage drill
 * ({@code POST /api/v1/auth/drill}) makes it answer 503 to its health probe and to sign-ins, so the suite
 * sees a primary that is down and goes degraded on its own. Never started in the prod profile.
 */
public final class PrimaryAuthStandIn {
  static final String LABEL = "development-only stand-in for the primary auth service, started by the authsuite launcher";
  private static final long ACCESS_TTL_S = 900;
  private static final long REFRESH_TTL_S = 7 * 24 * 3600;
  private static final int BODY_LIMIT = 4096;
  private static final int DRILL_RETRY_AFTER_S = 5;

  private final Vertx vertx;
  private final JWTAuth signer;
  private final Optional<String> issuer;
  private final DemoUser user;
  private final Optional<CorsPolicy> cors;
  private final List<String> standIns;
  private final AtomicBoolean drill = new AtomicBoolean();

  /** {@code standIns}: every stand-in this launcher started, which the demo page names as such. */
  PrimaryAuthStandIn(Vertx vertx, String jwtSecret, Optional<String> issuer, DemoUser user, Optional<CorsPolicy> cors, List<String> standIns) {
    this.vertx = vertx;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
        .setBuffer(Buffer.buffer(jwtSecret.getBytes(StandardCharsets.UTF_8)))));
    this.issuer = issuer;
    this.user = user;
    this.cors = cors;
    this.standIns = List.copyOf(standIns);
  }

  Future<HttpServer> listen(String host, int port) {
    Router router = Router.router(vertx);
    cors.ifPresent(policy -> router.route().handler(policy));
    router.route().handler(JsonBody.formsRefused()).handler(BodyHandler.create().setBodyLimit(BODY_LIMIT)).handler(JsonBody.guard());
    router.get("/health").handler(this::health);
    router.post("/api/v1/auth/login").handler(this::login);
    router.get("/api/v1/auth/stand-in").handler(this::describe);
    router.post("/api/v1/auth/drill").handler(this::setDrill);
    router.route().handler(ctx -> ctx.fail(Problem.notFound("not_found", "no such endpoint on the primary auth stand-in")));
    router.route().failureHandler(new ProblemResponder("demo-primary-auth"));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }

  private void health(RoutingContext ctx) {
    JsonObject body = new JsonObject().put("status", drill.get() ? "down" : "ok").put("stand_in", LABEL).put("drill", drill.get());
    ctx.response().setStatusCode(drill.get() ? 503 : 200).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private void login(RoutingContext ctx) {
    if (drill.get()) {
      ctx.fail(Problem.unavailable("primary_unavailable", "the primary auth service is down (an outage drill is running): use emergency sign-in",
          DRILL_RETRY_AFTER_S));
      return;
    }
    JsonObject body = JsonBody.of(ctx);
    String username = stringField(body, "username");
    String password = stringField(body, "password");
    if (username == null || password == null) {
      ctx.fail(Problem.badRequest("invalid_request", "send {\"username\": ..., \"password\": ...}"));
      return;
    }
    vertx.executeBlocking(() -> user.matches(username) && BCrypt.verifyer()
            .verify(password.getBytes(StandardCharsets.UTF_8), user.passwordHash().getBytes(StandardCharsets.US_ASCII)).verified, false)
        .onSuccess(verified -> {
          if (verified) {
            ctx.json(tokens());
          } else {
            ctx.fail(Problem.unauthorized("invalid_credentials", "unknown user or wrong password"));
          }
        })
        .onFailure(ctx::fail);
  }

  private JsonObject tokens() {
    JsonObject claims = new JsonObject().put("sub", user.userId()).put("email", user.email())
        .put("roles", new JsonArray().add("user"));
    JWTOptions access = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) ACCESS_TTL_S);
    JWTOptions refresh = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) REFRESH_TTL_S);
    issuer.ifPresent(name -> {
      access.setIssuer(name);
      refresh.setIssuer(name);
    });
    return new JsonObject()
        .put("access_token", signer.generateToken(claims.copy().put("type", "access"), access))
        .put("refresh_token", signer.generateToken(claims.copy().put("type", "refresh").put("jti", UUID.randomUUID().toString()), refresh))
        .put("token_type", "bearer")
        .put("expires_in", ACCESS_TTL_S);
  }

  /** What the demo page shows: that this is a stand-in, which others there are, whom to sign in as, whether a drill runs. */
  private void describe(RoutingContext ctx) {
    ctx.json(new JsonObject().put("stand_in", LABEL).put("stand_ins", new JsonArray(standIns)).put("demo_user", user.username())
        .put("drill", drill.get()));
  }

  private void setDrill(RoutingContext ctx) {
    JsonObject body = JsonBody.of(ctx);
    if (!(body.getValue("drill") instanceof Boolean running)) {
      ctx.fail(Problem.badRequest("invalid_request", "send {\"drill\": true} to take the primary down, {\"drill\": false} to bring it back"));
      return;
    }
    drill.set(running);
    ctx.json(new JsonObject().put("drill", running));
  }

  private static String stringField(JsonObject body, String name) {
    return body.getValue(name) instanceof String text && !text.isEmpty() && text.length() <= 256 ? text : null;
  }
}
