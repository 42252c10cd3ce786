package authsuite.bench;

import authsuite.common.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JVM of bench/compare.sh: the bare baseline of {@link TokenBenchServer} (the ceiling, also serving the
 * external issuer's JWKS), the jwt-token-adapter configured from the environment, and what a user would write
 * by hand with vertx-auth-jwt: a Router whose JWTAuthHandler checks the bearer's signature, alg, exp/iat/nbf
 * (30 s leeway, as the adapter's default), aud and iss, then a handler that wants {@code "type": "access"}.
 * GET /hs256 takes the primary issuer's tokens (JWT_SECRET_KEY), GET /rs256 the external one's
 * (rsa-public.pem); nothing is revoked or cached there.
 *   args: ceilingPort adapterPort vertxJwtPort keysDir (CompareTokens' output)
 *   environment: the adapter's (JWT_SECRET_KEY, JWT_PRIMARY_ISSUER, JWT_AUDIENCE, JWT_ISSUERS, ...)
 */
public final class CompareBenchServer {
  private static final int LEEWAY_S = 30;

  private CompareBenchServer() {
  }

  public static void main(String[] args) throws Exception {
    int ceilingPort = Integer.parseInt(args[0]);
    int adapterPort = Integer.parseInt(args[1]);
    int vertxJwtPort = Integer.parseInt(args[2]);
    Path keys = Path.of(args[3]);
    Map<String, String> environment = ConfigLoader.processEnvironment();
    String audience = environment.get("JWT_AUDIENCE");
    String issuers = environment.get("JWT_ISSUERS");
    String rsIssuer = new JsonArray(issuers).getJsonObject(0).getString("issuer");

    Vertx vertx = Vertx.vertx();
    TokenBenchServer.serveBaseline(vertx, ceilingPort, Buffer.buffer(Files.readString(keys.resolve("jwks.json"))));
    TokenBenchServer.deployAdapter(vertx, environment, adapterPort, issuers);

    JWTAuth hs256 = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(environment.get("JWT_SECRET_KEY")))
        .setJWTOptions(checks(environment.get("JWT_PRIMARY_ISSUER"), audience)));
    JWTAuth rs256 = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(Files.readString(keys.resolve("rsa-public.pem"))))
        .setJWTOptions(checks(rsIssuer, audience)));
    Router router = Router.router(vertx);
    router.get("/hs256").handler(JWTAuthHandler.create(hs256)).handler(CompareBenchServer::accessOnly);
    router.get("/rs256").handler(JWTAuthHandler.create(rs256)).handler(CompareBenchServer::accessOnly);
    vertx.createHttpServer().requestHandler(router).listen(vertxJwtPort).toCompletionStage().toCompletableFuture().join();
    System.out.println("ready");
  }

  private static JWTOptions checks(String issuer, String audience) {
    return new JWTOptions().setIssuer(issuer).setAudience(List.of(audience)).setLeeway(LEEWAY_S);
  }

  private static void accessOnly(RoutingContext context) {
    if (!"access".equals(context.user().principal().getString("type"))) {
      context.fail(401);
      return;
    }
    context.response().putHeader("Content-Type", "application/json").end("{\"valid\":true}");
  }
}
