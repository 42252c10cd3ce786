package authsuite.common.config;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("Configuration: environment > suite.yaml > defaults, secret files, and every problem at once")
class ConfigLoaderTest {
  private static final String KEY_A = "a-jwt-secret-that-is-long-enough-0123456789";
  private static final String KEY_B = "a-service-secret-that-is-long-enough-012345";
  private static final String KEY_C = "an-emergency-key-that-is-long-enough-012345";

  @TempDir
  Path dir;

  private static List<ConfigProblem> problems(Vertx vertx, Map<String, String> env) {
    try {
      ConfigLoader.load(vertx, env).await();
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected the configuration to be refused");
  }

  private static List<String> names(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::name).toList();
  }

  @Test
  @DisplayName("prod with nothing set names every missing secret and dependency in one run")
  void prodListsEverythingMissing(Vertx vertx) {
    List<ConfigProblem> problems = problems(vertx, Map.of("SUITE_PROFILE", "prod"));
    assertThat(names(problems)).contains("JWT_SECRET_KEY", "SERVICE_SECRET", "EMERGENCY_SIGNING_KEY", "REDIS_URL", "DATABASE_URL");
    assertThat(problems).allSatisfy(p -> assertThat(p.message()).startsWith("missing"));
  }

  @Test
  @DisplayName("a secret file that does not exist is named as such, not as a missing secret")
  void missingSecretFile(Vertx vertx) {
    String path = dir.resolve("nope").toString();
    List<ConfigProblem> problems = problems(vertx, Map.of("SUITE_PROFILE", "prod", "JWT_SECRET_KEY_FILE", path,
        "SERVICE_SECRET", KEY_B, "EMERGENCY_SIGNING_KEY", KEY_C, "REDIS_URL", "redis://r:6379", "DATABASE_URL", "postgresql://u@db/app"));
    assertThat(problems).extracting(ConfigProblem::toString).containsExactly("JWT_SECRET_KEY_FILE=" + path + ": no such file");
  }

  @Test
  @DisplayName("a secret is read from its file, without the trailing newline")
  void secretFromFile(Vertx vertx) throws Exception {
    Path file = Files.writeString(dir.resolve("jwt"), KEY_A + "\n");
    SuiteConfig config = ConfigLoader.load(vertx, Map.of("JWT_SECRET_KEY_FILE", file.toString(),
        "SERVICE_SECRET", KEY_B, "EMERGENCY_SIGNING_KEY", KEY_C)).await().config();
    assertThat(config.secrets().jwtSecretKey()).isEqualTo(KEY_A);
  }

  @Test
  @DisplayName("an HS256 secret under 32 bytes is rejected")
  void shortSecret(Vertx vertx) {
    List<ConfigProblem> problems = problems(vertx, Map.of("JWT_SECRET_KEY", "too-short", "SERVICE_SECRET", KEY_B, "EMERGENCY_SIGNING_KEY", KEY_C));
    assertThat(problems).extracting(ConfigProblem::toString)
        .containsExactly("JWT_SECRET_KEY: too short for HS256: 9 bytes, at least 32 required");
  }

  @Test
  @DisplayName("the emergency key must differ from the others")
  void emergencyKeyDistinct(Vertx vertx) {
    List<ConfigProblem> problems = problems(vertx, Map.of("JWT_SECRET_KEY", KEY_A, "SERVICE_SECRET", KEY_B, "EMERGENCY_SIGNING_KEY", KEY_A));
    assertThat(names(problems)).containsExactly("EMERGENCY_SIGNING_KEY");
  }

  @Test
  @DisplayName("dev generates the secrets it is not given and runs embedded")
  void devDefaults(Vertx vertx) {
    LoadedConfig loaded = ConfigLoader.load(vertx, Map.of()).await();
    assertThat(loaded.generatedSecrets()).containsExactly("JWT_SECRET_KEY", "SERVICE_SECRET", "EMERGENCY_SIGNING_KEY");
    assertThat(loaded.config().embedded()).isTrue();
    assertThat(loaded.config().profile()).isEqualTo(Profile.DEV);
    assertThat(Secrets.byteLength(loaded.config().secrets().jwtSecretKey())).isGreaterThanOrEqualTo(32);
  }

  @Test
  @DisplayName("the environment overrides suite.yaml, which overrides defaults; issuers come from jwt.issuers")
  void precedence(Vertx vertx) throws Exception {
    Path yaml = Files.writeString(dir.resolve("suite.yaml"), """
        JWT_TOKEN_ADAPTER_PORT: 9100
        SESSION_VALIDATION_NORMALIZER_PORT: 9101
        PORT_FALLBACK: true
        jwt:
          issuers:
            - issuer: https://idp.example/realms/app
              audiences: [app]
        """);
    SuiteConfig config = ConfigLoader.load(vertx, Map.of("SUITE_CONFIG", yaml.toString(), "JWT_TOKEN_ADAPTER_PORT", "9200")).await().config();
    assertThat(config.port(authsuite.common.SuiteService.JWT_TOKEN_ADAPTER)).isEqualTo(9200);
    assertThat(config.port(authsuite.common.SuiteService.SESSION_VALIDATION_NORMALIZER)).isEqualTo(9101);
    assertThat(config.port(authsuite.common.SuiteService.FALLBACK_SESSION_PROVIDER)).isEqualTo(8027);
    assertThat(config.portFallback()).isTrue();
    assertThat(config.jwtIssuers().getJsonObject(0).getString("issuer")).isEqualTo("https://idp.example/realms/app");
  }

  @Test
  @DisplayName("a suite.yaml key that names no setting is named with the file, and the setting it probably means: a warning in dev, "
      + "refused in prod with the others")
  void unknownYamlKeys(Vertx vertx) throws Exception {
    Path yaml = Files.writeString(dir.resolve("suite.yaml"), """
        JWT_TOKEN_ADAPTER_PORT: 9100
        JWT_SECRET_FILE: /run/secrets/jwt
        REDIS_URI: redis://127.0.0.1:6379
        CACHE_SIZE: 10
        jwt:
          issuers: []
        """);
    LoadedConfig dev = ConfigLoader.load(vertx, Map.of("SUITE_CONFIG", yaml.toString())).await();
    assertThat(dev.misnamed()).extracting(ConfigProblem::toString).containsExactly(
        yaml + ": CACHE_SIZE: is not a setting of the suite and is ignored (no setting has this name)",
        yaml + ": JWT_SECRET_FILE: is not a setting of the suite and is ignored; probably means JWT_SECRET_KEY_FILE",
        yaml + ": REDIS_URI: is not a setting of the suite and is ignored; probably means REDIS_URL");
    assertThat(dev.config().port(authsuite.common.SuiteService.JWT_TOKEN_ADAPTER)).isEqualTo(9100);

    List<String> refused = problems(vertx, Map.of("SUITE_CONFIG", yaml.toString(), "SUITE_PROFILE", "prod")).stream()
        .map(ConfigProblem::toString).toList();
    assertThat(refused).anyMatch(problem -> problem.startsWith(yaml + ": CACHE_SIZE"))
        .anyMatch(problem -> problem.startsWith(yaml + ": JWT_SECRET_FILE"))
        .anyMatch(problem -> problem.startsWith(yaml + ": REDIS_URI"));
  }

  @Test
  @DisplayName("SUITE_CONFIG pointing at no file is a problem, named with its path")
  void missingSuiteYaml(Vertx vertx) {
    String path = dir.resolve("absent.yaml").toString();
    List<ConfigProblem> problems = problems(vertx, Map.of("SUITE_CONFIG", path));
    assertThat(problems).extracting(ConfigProblem::toString).containsExactly("SUITE_CONFIG=" + path + ": no such file");
  }

  @Test
  @DisplayName("malformed values are each named: port, URL schemes, booleans, issuers, profile")
  void malformedValues(Vertx vertx) {
    Map<String, String> env = new HashMap<>();
    env.put("SUITE_PROFILE", "staging");
    env.put("JWT_TOKEN_ADAPTER_PORT", "80800");
    env.put("REDIS_URL", "http://cache:6379");
    env.put("DATABASE_URL", "mysql://db/app");
    env.put("PORT_FALLBACK", "sometimes");
    env.put("JWT_ISSUERS", "[{\"audiences\": [\"app\"], \"algorithms\": [\"none\"]}]");
    List<ConfigProblem> problems = problems(vertx, env);
    assertThat(names(problems)).contains("SUITE_PROFILE", "JWT_TOKEN_ADAPTER_PORT", "REDIS_URL", "DATABASE_URL", "PORT_FALLBACK",
        "JWT_ISSUERS[0].issuer", "JWT_ISSUERS[0].algorithms");
    assertThat(problems.toString()).doesNotContain("cache:6379");
  }

  @Test
  @DisplayName("JWT_ISSUERS that is not JSON is reported, not thrown")
  void issuersNotJson(Vertx vertx) {
    List<ConfigProblem> problems = problems(vertx, Map.of("JWT_ISSUERS", "{not json"));
    assertThat(names(problems)).containsExactly("JWT_ISSUERS");
  }

  @Test
  @DisplayName("a secret given both directly and as a file is refused")
  void bothValueAndFile(Vertx vertx) throws Exception {
    Path file = Files.writeString(dir.resolve("svc"), KEY_B);
    List<ConfigProblem> problems = problems(vertx, Map.of("SERVICE_SECRET", KEY_B, "SERVICE_SECRET_FILE", file.toString()));
    assertThat(names(problems)).containsExactly("SERVICE_SECRET");
  }

  @Test
  @DisplayName("sentinel mode needs a master name")
  void sentinelNeedsMaster(Vertx vertx) {
    assertThatThrownBy(() -> SuiteConfig.from(new io.vertx.core.json.JsonObject()
        .put("JWT_SECRET_KEY", KEY_A).put("SERVICE_SECRET", KEY_B).put("EMERGENCY_SIGNING_KEY", KEY_C)
        .put("REDIS_MODE", "sentinel").put("REDIS_URL", "redis://s1:26379,redis://s2:26379")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("REDIS_MASTER_NAME");
  }

  @Test
  @DisplayName("CORS_ALLOWED_ORIGINS takes exact origins only: a path, a wildcard or a bare host is named as a problem")
  void corsOrigins(Vertx vertx) {
    for (String bad : List.of("https://app.example.com/", "*", "app.example.com", "https://ok.example.com,ftp://files.example.com")) {
      assertThat(names(problems(vertx, Map.of("CORS_ALLOWED_ORIGINS", bad)))).as(bad).containsExactly("CORS_ALLOWED_ORIGINS");
    }
    SuiteConfig accepted = SuiteConfig.from(new io.vertx.core.json.JsonObject()
        .put("JWT_SECRET_KEY", KEY_A).put("SERVICE_SECRET", KEY_B).put("EMERGENCY_SIGNING_KEY", KEY_C)
        .put("CORS_ALLOWED_ORIGINS", "https://app.example.com, http://127.0.0.1:8029,http://[::1]:3000"));
    assertThat(accepted.value("CORS_ALLOWED_ORIGINS")).isPresent();
  }

  @Test
  @DisplayName("dev loads with a foreign or misspelled variable and returns it, named with its probable meaning; prod refuses it")
  void misnamedVariables(Vertx vertx) {
    Map<String, String> env = new HashMap<>(Map.of("JWT_SECRET", KEY_A, "REDIS_URI", "redis://r:6379", "HOME", "/root",
        "JAVA_HOME", "/opt/java", "KUBERNETES_SERVICE_HOST", "10.0.0.1"));
    LoadedConfig loaded = ConfigLoader.load(vertx, env).await();
    assertThat(loaded.misnamed()).extracting(ConfigProblem::toString).containsExactly(
        "JWT_SECRET: is not a setting of the suite and is ignored; probably means JWT_SECRET_KEY",
        "REDIS_URI: is not a setting of the suite and is ignored; probably means REDIS_URL");

    env.putAll(Map.of("SUITE_PROFILE", "prod", "JWT_SECRET_KEY", KEY_A, "SERVICE_SECRET", KEY_B, "EMERGENCY_SIGNING_KEY", KEY_C,
        "REDIS_URL", "redis://r:6379", "DATABASE_URL", "postgresql://u@db/app"));
    assertThat(names(problems(vertx, env))).containsExactly("JWT_SECRET", "REDIS_URI");
  }

  @Test
  @DisplayName("session sources from suite.yaml's session.sources, their secret_files read into secrets after the inline ones; an unreadable one named with its source")
  void sessionSourcesFromYamlWithSecretFiles(Vertx vertx) throws Exception {
    Path secret = Files.writeString(dir.resolve("express-secret"), "the framework's new secret\n");
    Path yaml = Files.writeString(dir.resolve("suite.yaml"), """
        REDIS_URL: redis://127.0.0.1:6379
        session:
          sources:
            - name: web
              format: express-session
              secrets: ["the framework's old secret"]
              secret_files: ["%s"]
        """.formatted(secret));
    LoadedConfig loaded = ConfigLoader.load(vertx, Map.of("SUITE_CONFIG", yaml.toString())).await();
    assertThat(loaded.misnamed()).as("the session section is the suite's own").isEmpty();
    SuiteConfig config = loaded.config();
    List<SessionSources.Source> sources = SessionSources.from(config.toJson().getValue(SessionSources.SESSION_SOURCES));
    assertThat(sources).singleElement().satisfies(source -> {
      assertThat(source.name()).isEqualTo("web");
      assertThat(source.secrets()).containsExactly("the framework's old secret", "the framework's new secret");
      assertThat(source.keyTemplate()).isEqualTo("sess:{id}");
      assertThat(source.cookie()).isEqualTo("connect.sid");
      assertThat(source.toString()).doesNotContain("secret\"").doesNotContain("new secret");
    });

    // the sources' own rules are the normalizer's (SourceSettingsTest.unreadableSecretFile); this module reads the file
    String missing = dir.resolve("gone").toString();
    List<ConfigProblem> problems = problems(vertx, Map.of("REDIS_URL", "redis://127.0.0.1:6379", "SESSION_SOURCES",
        "[{\"name\": \"web\", \"format\": \"express-session\", \"secret_files\": [\"" + missing + "\"]}]"));
    assertThat(names(problems)).containsExactly("SESSION_SOURCES[0] (web).secret_files " + missing);
  }
}
