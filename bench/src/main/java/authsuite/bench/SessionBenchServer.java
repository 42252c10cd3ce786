package authsuite.bench;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.SessionSources;
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
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One JVM holding the session-validation-normalizer (on the Redis of REDIS_URL) and, beside it, the
 * baseline: a trivial endpoint on a bare Vert.x server. Creates one Redis session through the internal
 * create endpoint, signs one HS256 (primary-auth style) token and stores one express-session of the first
 * SESSION_SOURCES source, and writes the three credentials to the output folder.
 *   args: sessionPort baselinePort outputDir
 */
public final class SessionBenchServer {
  private SessionBenchServer() {
  }

  /**
   * A session of the platform's Express app, as connect-redis writes it (JSON under the source's key prefix, the
   * key expiring with the cookie), for the SESSION_SOURCES source the script configures; answers its signed
   * connect.sid value as the browser sends it. Written here, not by node, so the bench needs no npm; the test
   * SourceSessionsExpressTest covers the real library.
   */
  private static String expressSession(Vertx vertx, JsonObject config) throws Exception {
    JsonObject source = SessionSources.array(config.getValue(SessionSources.SESSION_SOURCES)).getJsonObject(0);
    String id = "bench-" + Long.toHexString(System.nanoTime());
    Instant expires = Instant.now().plus(Duration.ofHours(1));
    JsonObject record = new JsonObject()
        .put("cookie", new JsonObject().put("originalMaxAge", 3_600_000).put("expires", expires.toString()).put("httpOnly", true).put("path", "/"))
        .put("passport", new JsonObject().put("user", new JsonObject().put("id", "42").put("email", "alice@example.com")
            .put("username", "alice").put("roles", new JsonArray().add("chat-user"))));
    Redis redis = Redis.createClient(vertx, config.getString("REDIS_URL"));
    redis.send(Request.cmd(Command.SET, source.getString("key_prefix") + id, record.encode(), "EX", "3600"))
        .toCompletionStage().toCompletableFuture().join();
    redis.close();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(source.getJsonArray("secrets").getString(0).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String signature = Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    return URLEncoder.encode("s:" + id + "." + signature, StandardCharsets.UTF_8);
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
    Files.writeString(out.resolve("express.cookie"), expressSession(vertx, config));
    Files.writeString(out.resolve("session.id"), created.getString("session_id"));
    System.out.println("ready");
  }
}
