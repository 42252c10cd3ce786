package authsuite.launcher;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestServices;
import authsuite.fallback.FallbackProviderVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("the compose PostgreSQL init script seeds a users table the fallback provider signs the documented demo user in from")
class DemoUserSeedTest {
  /** The password README.md (its quick start) and the init script document for the demo user. */
  private static final String DEMO_PASSWORD = "demo-password-change-me";
  private static final String INIT_SQL = "deploy/postgres/init/01-users.sql";

  private final String schema = TestPostgres.uniqueSchema();

  @AfterEach
  void dropSchema(Vertx vertx) {
    TestPostgres.dropSchema(vertx, schema).await();
  }

  @Test
  @DisplayName("after the script (run twice, as a re-created container would), demo signs in with the documented password and not with another")
  void demoSignsIn(Vertx vertx, @TempDir Path dir) {
    assertThat(DeploymentContract.read("README.md")).contains(DEMO_PASSWORD);
    assertThat(DeploymentContract.read(INIT_SQL)).contains("password: " + DEMO_PASSWORD);
    Pool pool = TestPostgres.pool(vertx, schema).await();
    pool.query(DeploymentContract.read(INIT_SQL)).execute().await();
    pool.query(DeploymentContract.read(INIT_SQL)).execute().await();
    pool.close().await();

    JsonObject config = TestServices.embeddedConfig()
        .put(SuiteConfig.DATABASE_URL, TestPostgres.url())
        .put(SuiteConfig.DATABASE_SCHEMA, schema)
        .put("FALLBACK_ENABLED", "true")
        .put("FALLBACK_PROBE_INTERVAL_MS", "600000")
        .put("FALLBACK_AUDIT_FILE", dir.resolve("audit.jsonl").toString());
    FallbackProviderVerticle fallback = TestServices.start(vertx, new FallbackProviderVerticle(), config).await();
    WebClient client = WebClient.create(vertx);

    HttpResponse<?> granted = signIn(client, fallback.port(), DEMO_PASSWORD);
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(200);
    assertThat(granted.bodyAsJsonObject().getString("access_token")).isNotBlank();
    assertThat(granted.bodyAsJsonObject().getJsonObject("identity").getString("email")).isEqualTo("demo@example.com");
    assertThat(signIn(client, fallback.port(), DEMO_PASSWORD + "x").statusCode()).isEqualTo(401);
  }

  private static HttpResponse<?> signIn(WebClient client, int port, String password) {
    return client.post(port, "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", "demo").put("password", password)).await();
  }
}
