package authsuite.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.fallback.FallbackProviderVerticle;
import authsuite.fallback.FallbackSettingsDeclaration;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One JVM holding the fallback-session-provider, open for sign-in (FALLBACK_ENABLED), with a
 * break-glass user of bcrypt cost BENCH_BCRYPT_COST (default 10) and limits high enough that every
 * request reaches bcrypt; beside it, on the same Vert.x, a trivial endpoint as a control. Without
 * DATABASE_URL in the environment the users come from the break-glass file and the audit goes to a
 * local file, so no shared database is touched. Writes the sign-in body for the load generator.
 *   args: servicePort baselinePort outputDir
 */
public final class FallbackBenchServer {
  static final String USER = "bench-user";
  static final String PASSWORD = "bench password, long enough";

  private FallbackBenchServer() {
  }

  public static void main(String[] args) throws Exception {
    int servicePort = Integer.parseInt(args[0]);
    int baselinePort = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    int cost = Integer.parseInt(System.getenv().getOrDefault("BENCH_BCRYPT_COST", "10"));
    String hash = new String(BCrypt.withDefaults().hash(cost, PASSWORD.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    Path users = Files.writeString(out.resolve("break-glass.json"),
        new JsonArray().add(new JsonObject().put("username", USER).put("hashed_password", hash)).encode());

    Vertx vertx = Vertx.vertx();
    Buffer trivial = Buffer.buffer("{\"status\":\"healthy\"}");
    vertx.createHttpServer().requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(trivial))
        .listen(baselinePort).toCompletionStage().toCompletableFuture().join();

    JsonObject config = ConfigLoader.load(vertx, ConfigLoader.processEnvironment()).toCompletionStage().toCompletableFuture().join()
        .config().toJson()
        .put(SuiteService.FALLBACK_SESSION_PROVIDER.portVariable(), String.valueOf(servicePort))
        .put("FALLBACK_ENABLED", "true")
        .put(FallbackSettingsDeclaration.BREAK_GLASS_FILE.name(), users.toString())
        .put("FALLBACK_AUDIT_FILE", out.resolve("audit.jsonl").toString())
        .put("FALLBACK_BCRYPT_COST", String.valueOf(cost))
        .put("FALLBACK_USER_ATTEMPTS_PER_MIN", "10000")
        .put("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", "1000000");
    vertx.deployVerticle(new FallbackProviderVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().join();

    Files.writeString(out.resolve("sign-in.json"), new JsonObject().put("username", USER).put("password", PASSWORD).encode());
    System.out.println("ready");
  }
}
