package authsuite.session;

import authsuite.common.config.ConfigException;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.ConfigProblem;
import authsuite.common.config.SessionSources;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("SESSION_SOURCES is checked at start: every problem named by source and field, at once")
class SourceSettingsTest {

  @Test
  @DisplayName("unknown format, missing secret, a template without {id}, the native cookie reused: all refused in one message")
  void badSources() {
    JsonArray sources = new JsonArray()
        .add(new JsonObject().put("name", "legacy-php").put("format", "php-serialize").put("cookie", "PHPSESSID"))
        .add(new JsonObject().put("name", "web").put("format", "express-session").put("cookie", "connect.sid"))
        .add(new JsonObject().put("name", "api").put("format", "json").put("header", "X-Api-Session")
            .put("key_template", "api:session").put("fields", new JsonObject().put("user_id", "user.id")))
        .add(new JsonObject().put("name", "shop").put("format", "json").put("cookie", "session_id")
            .put("key_template", "shop:{id}").put("fields", new JsonObject().put("user_id", "uid")));
    JsonObject config = TestServices.redisConfig("x:").put(SessionSources.SESSION_SOURCES, sources.encode());

    assertThatThrownBy(() -> SuiteConfig.from(config))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
        .hasMessageContaining("SESSION_SOURCES[0] (legacy-php).format").hasMessageContaining("unknown format 'php-serialize'")
        .hasMessageContaining("SESSION_SOURCES[1] (web).secrets").hasMessageContaining("missing")
        .hasMessageContaining("SESSION_SOURCES[2] (api).key_template").hasMessageContaining("{id}")
        .hasMessageContaining("SESSION_SOURCES[3] (shop).cookie").hasMessageContaining("SESSION_COOKIE_NAME");
  }

  @Test
  @DisplayName("a source whose secret file cannot be read is named with that file, and as a source without secrets")
  void unreadableSecretFile(Vertx vertx, @TempDir Path dir) {
    String missing = dir.resolve("gone").toString();
    Map<String, String> env = Map.of("REDIS_URL", "redis://127.0.0.1:6379", SessionSources.SESSION_SOURCES,
        "[{\"name\": \"web\", \"format\": \"express-session\", \"secret_files\": [\"" + missing + "\"]}]");
    assertThatThrownBy(() -> ConfigLoader.load(vertx, env).await())
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::name)
            .containsExactlyInAnyOrder("SESSION_SOURCES[0] (web).secret_files " + missing, "SESSION_SOURCES[0] (web).secrets"));
  }

  @Test
  @DisplayName("the service refuses to start on them, naming the source and field; the message never shows a secret")
  void serviceRefusesToStart(Vertx vertx) {
    JsonArray sources = new JsonArray().add(new JsonObject().put("name", "web").put("format", "express-session")
        .put("secrets", new JsonArray().add("a secret that must not be shown")).put("key_template", "sess:"));
    Throwable refused = TestServices.start(vertx, new SessionNormalizerVerticle(),
        TestServices.redisConfig("x:").put(SessionSources.SESSION_SOURCES, sources.encode())).<Throwable>map(started -> null)
        .otherwise(e -> e).await();
    assertThat(refused).as("the service started").isNotNull();
    assertThat(refused.getMessage()).contains("SESSION_SOURCES[0] (web).key_template").doesNotContain("a secret that must not be shown");
  }

  @Test
  @DisplayName("not an array, a duplicate name or cookie, sources without Redis: refused too")
  void otherShapes() {
    assertThatThrownBy(() -> SuiteConfig.from(TestServices.redisConfig("x:").put(SessionSources.SESSION_SOURCES, "{\"name\": 1}")))
        .hasMessageContaining("SESSION_SOURCES").hasMessageContaining("JSON array");
    JsonObject web = new JsonObject().put("name", "web").put("format", "express-session").put("secrets", new JsonArray().add("s"));
    assertThatThrownBy(() -> SuiteConfig.from(TestServices.redisConfig("x:")
        .put(SessionSources.SESSION_SOURCES, new JsonArray().add(web).add(web.copy()).encode())))
        .hasMessageContaining("SESSION_SOURCES[1] (web).name").hasMessageContaining("SESSION_SOURCES[1] (web).cookie");
    assertThatThrownBy(() -> SuiteConfig.from(TestServices.embeddedConfig()
        .put(SessionSources.SESSION_SOURCES, new JsonArray().add(web).encode())))
        .hasMessageContaining("REDIS_URL");
  }
}
