package authsuite.bench;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.jwt.InternalTokens;
import authsuite.session.SessionNormalizerVerticle;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One JVM holding the session-validation-normalizer (on the Redis of REDIS_URL) and, beside it, the
 * baseline: a trivial endpoint on a bare Vert.x server. Creates one Redis session through the internal
 * create endpoint and signs one HS256 (primary-auth style) token, and writes both to the output folder.
 *   args: sessionPort baselinePort outputDir
 */
public final class SessionBenchServer {
  private SessionBenchServer() {
  }

  public static void main(String[] args) throws Exception {
    int sessionPort = Integer.parseInt(args[0]);
    int baselinePort = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    Buffer trivial = Buffer.buffer("{\"valid\":true}");

    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer().requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(trivial))
        .listen(baselinePort).toCompletionStage().toCompletableFuture().join();

    JsonObject config = ConfigLoader.load(vertx, ConfigLoader.processEnvironment()).toCompletionStage().toCompletableFuture().join()
        .config().toJson()
        .put(SuiteService.SESSION_VALIDATION_NORMALIZER.portVariable(), String.valueOf(sessionPort));
    vertx.deployVerticle(new SessionNormalizerVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().join();

    String internal = InternalTokens.create(vertx, config.getString("SERVICE_SECRET")).mint("bench", Duration.ofMinutes(1));
    WebClient client = WebClient.create(vertx);
    JsonObject created = client.post(sessionPort, "127.0.0.1", "/api/v1/session/create")
        .putHeader("Authorization", "Bearer " + internal)
        .sendJsonObject(new JsonObject().put("user_id", "42").put("email", "alice@example.com").put("username", "alice")
            .put("roles", new JsonArray().add("chat-user")))
        .toCompletionStage().toCompletableFuture().join().bodyAsJsonObject();
    client.close();

    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("sub", "42").put("email", "alice@example.com").put("type", "access")
        .put("iat", now).put("exp", now + 3600);
    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), new Payload(claims.encode()));
    jws.sign(new MACSigner(config.getString("JWT_SECRET_KEY")));
    Files.writeString(out.resolve("hs256.jwt"), jws.serialize());
    Files.writeString(out.resolve("session.id"), created.getString("session_id"));
    System.out.println("ready");
  }
}
