package authsuite.launcher;

import authsuite.common.testing.JwksServer;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("check-config --deep: the preflight of a deployment names every problem in one run")
class DeepConfigCheckTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path secrets;

  @Test
  @DisplayName("secret files, reachable Redis and PostgreSQL, issuers whose keys load (by discovery and by jwks_uri) and a well-formed break-glass file: exit 0")
  void allGood(Vertx vertx) throws Exception {
    JwksServer discovered = JwksServer.start(vertx);
    discovered.publish(new RSAKeyGenerator(2048).keyID("d1").generate());
    JwksServer direct = JwksServer.start(vertx);
    direct.publish(new RSAKeyGenerator(2048).keyID("j1").generate());
    Map<String, String> env = deployment(TestRedis.url(), TestPostgres.url());
    env.put("JWT_ISSUERS", new JsonArray()
        .add(new JsonObject().put("issuer", discovered.issuer()))
        .add(new JsonObject().put("issuer", direct.issuer()).put("jwks_uri", direct.jwksUri().toString()).put("algorithms", new JsonArray().add("RS256")))
        .encode());
    env.put("FALLBACK_BREAK_GLASS_FILE", secret("break-glass.json",
        "[{\"username\": \"ops\", \"hashed_password\": \"$2b$12$gwYcP81oUpe3S9cU2xOhyusQJtAMfiAsKuJPxnxbttj6iBmA37No6\"}]"));

    int code = deep(vertx, env);

    assertThat(code).as(text(err)).isZero();
    assertThat(text(out)).contains("deep check OK", "profile prod", "Redis reachable", "PostgreSQL reachable", "keys of 2 issuer(s) loaded");
    assertThat(discovered.discoveryRequests()).isEqualTo(1);
    assertThat(direct.jwksRequests()).isEqualTo(1);
  }

  @Test
  @DisplayName("a missing, an unreadable and a short secret, dead Redis and PostgreSQL, three bad issuers and a broken break-glass file are all named, and it exits 1")
  void everythingWrongAtOnce(Vertx vertx) throws Exception {
    JwksServer failing = JwksServer.start(vertx);
    failing.answerJwksWith(request -> request.response().setStatusCode(500).end());
    JwksServer wrongKeys = JwksServer.start(vertx);
    wrongKeys.publish(new ECKeyGenerator(Curve.P_256).keyID("ec1").generate());
    Map<String, String> env = deployment("redis://127.0.0.1:1", "postgresql://postgres@127.0.0.1:1/test");
    env.put("JWT_SECRET_KEY_FILE", secrets.resolve("no-such-file").toString());
    Files.writeString(secrets.resolve("service_secret"), "too-short");
    Files.createDirectory(secrets.resolve("a-directory"));
    env.put("EMERGENCY_SIGNING_KEY_FILE", secrets.resolve("a-directory").toString());
    env.put("JWT_ISSUERS", new JsonArray()
        .add(new JsonObject().put("issuer", "http://127.0.0.1:1/dead"))
        .add(new JsonObject().put("issuer", failing.issuer()).put("jwks_uri", failing.jwksUri().toString()))
        .add(new JsonObject().put("issuer", wrongKeys.issuer()).put("algorithms", new JsonArray().add("RS256")))
        .encode());
    env.put("FALLBACK_BREAK_GLASS_FILE", secret("break-glass.json", "{\"username\": \"ops\"}"));

    int code = deep(vertx, env);

    assertThat(code).isEqualTo(1);
    assertThat(text(err)).contains(
        "check-config --deep found 9 problem(s)",
        "FALLBACK_BREAK_GLASS_FILE=" + secrets.resolve("break-glass.json") + ": not a JSON array of accounts",
        "JWT_SECRET_KEY_FILE=" + secrets.resolve("no-such-file") + ": no such file",
        "SERVICE_SECRET: too short for HS256: 9 bytes",
        "EMERGENCY_SIGNING_KEY_FILE=" + secrets.resolve("a-directory") + ": cannot be read",
        "REDIS_URL: unreachable",
        "DATABASE_URL: unreachable",
        "JWT_ISSUERS[0] http://127.0.0.1:1/dead: keys cannot be loaded",
        "JWT_ISSUERS[1] " + failing.issuer() + ": keys cannot be loaded",
        "JWT_ISSUERS[2] " + wrongKeys.issuer() + ": its JWKS has no key usable with [RS256]");
    assertThat(text(out)).isEmpty();
  }

  @Test
  @DisplayName("with the secrets wrong, reachable dependencies and loadable issuers are checked and not reported")
  void onlyTheSecretsWrong(Vertx vertx) throws Exception {
    JwksServer issuer = JwksServer.start(vertx);
    issuer.publish(new RSAKeyGenerator(2048).keyID("k1").generate());
    Map<String, String> env = deployment(TestRedis.url(), TestPostgres.url());
    env.remove("SERVICE_SECRET_FILE");
    env.put("JWT_ISSUERS", new JsonArray().add(new JsonObject().put("issuer", issuer.issuer())).encode());

    int code = deep(vertx, env);

    assertThat(code).isEqualTo(1);
    assertThat(text(err)).contains("found 1 problem(s)", "SERVICE_SECRET: missing").doesNotContain("unreachable", "JWT_ISSUERS");
    assertThat(issuer.discoveryRequests()).as("the issuer was still asked").isEqualTo(1);
  }

  /** The environment a deployment gives every service: the prod profile, secrets as files, both dependencies. */
  private Map<String, String> deployment(String redisUrl, String databaseUrl) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("SUITE_PROFILE", "prod");
    env.put("JWT_SECRET_KEY_FILE", secret("jwt_secret_key", "a-jwt-secret-that-is-long-enough-0123456789"));
    env.put("SERVICE_SECRET_FILE", secret("service_secret", "a-service-secret-that-is-long-enough-012345"));
    env.put("EMERGENCY_SIGNING_KEY_FILE", secret("emergency_signing_key", "an-emergency-key-that-is-long-enough-012345"));
    env.put("REDIS_URL_FILE", secret("redis_url", redisUrl));
    env.put("DATABASE_URL_FILE", secret("database_url", databaseUrl));
    return env;
  }

  private String secret(String name, String value) throws Exception {
    return Files.writeString(secrets.resolve(name), value + "\n").toString();
  }

  private int deep(Vertx vertx, Map<String, String> env) {
    return ConfigCheck.runDeep(vertx, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).await();
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
