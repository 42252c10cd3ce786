package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigException;
import authsuite.common.config.ConfigProblem;
import authsuite.common.config.SettingNames;
import authsuite.common.testing.CapturedLogs;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("A setting under another platform's name, or misspelled, is named with the one it probably means, never ignored")
class MisnamedSettingsTest {
  private static final String JWT = "a-jwt-secret-that-is-long-enough-0123456789";
  private static final String SERVICE = "a-service-secret-that-is-long-enough-012345";
  private static final String EMERGENCY = "an-emergency-key-that-is-long-enough-012345";

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int check(Vertx vertx, Map<String, String> env) {
    return ConfigCheck.run(vertx, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).await();
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> validProd() {
    Map<String, String> env = new HashMap<>(Map.of("SUITE_PROFILE", "prod", "JWT_SECRET_KEY", JWT, "SERVICE_SECRET", SERVICE,
        "EMERGENCY_SIGNING_KEY", EMERGENCY, "REDIS_URL", TestRedis.url(), "DATABASE_URL", TestPostgres.url()));
    for (SuiteService service : SuiteService.values()) {
      env.put(service.portVariable(), "0");
    }
    return env;
  }

  private Path secretFile() throws Exception {
    return Files.writeString(dir.resolve("jwt"), JWT + "\n");
  }

  @Test
  @DisplayName("check-config names JWT_SECRET_KEY_FILE when it finds the platform's JWT_SECRET_FILE")
  void checkConfigNamesTheMeantSetting(Vertx vertx) throws Exception {
    int code = check(vertx, Map.of("JWT_SECRET_FILE", secretFile().toString()));
    assertThat(code).isZero();
    assertThat(printed()).contains("JWT_SECRET_FILE").contains("JWT_SECRET_KEY_FILE");
  }

  @Test
  @DisplayName("check-config in prod exits 1 on a foreign name, even with every other setting right")
  void checkConfigProdFails(Vertx vertx) {
    Map<String, String> env = validProd();
    env.put("AUTH_SERVICE_URL", "https://auth.example.com");
    assertThat(check(vertx, env)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("AUTH_SERVICE_URL").contains("PRIMARY_AUTH_URL");
  }

  @Test
  @DisplayName("prod refuses to start and lists every foreign or misspelled name at once, each with its probable meaning")
  void prodRefusesAndListsAll(Vertx vertx) throws Exception {
    Map<String, String> env = validProd();
    env.put("JWT_SECRET_FILE", secretFile().toString());
    env.put("AUTH_SERVICE_URL", "https://auth.example.com");
    env.put("REDIS_URI", "redis://127.0.0.1:6379");

    assertThatThrownBy(() -> SuiteRunner.start(vertx, env, List.of()).await())
        .isInstanceOfSatisfying(ConfigException.class, refused -> {
          assertThat(refused.problems()).extracting(ConfigProblem::name)
              .containsExactlyInAnyOrder("AUTH_SERVICE_URL", "JWT_SECRET_FILE", "REDIS_URI");
          assertThat(refused.getMessage())
              .containsPattern("JWT_SECRET_FILE: .*JWT_SECRET_KEY_FILE")
              .containsPattern("AUTH_SERVICE_URL: .*PRIMARY_AUTH_URL")
              .containsPattern("REDIS_URI: .*REDIS_URL")
              .doesNotContain(JWT);
        });
  }

  @Test
  @DisplayName("dev starts and writes one WARN line naming each foreign or misspelled variable and its probable meaning")
  void devWarnsOncePerVariable(Vertx vertx) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("JWT_TOKEN_ADAPTER_PORT", "0", "JWT_SECRET_FILE", secretFile().toString(),
        "AUTH_SERVICE_URL", "https://auth.example.com", "REDIS_URI", "redis://127.0.0.1:6379"));
    try (CapturedLogs logs = CapturedLogs.named("authsuite")) {
      assertThat(SuiteRunner.start(vertx, env, List.of("jwt-token-adapter")).await()).hasSize(1);
      List<String> warnings = logs.lines().stream().filter(line -> line.startsWith("WARN")).toList();
      assertThat(warnings.stream().filter(line -> line.contains("JWT_SECRET_FILE")))
          .singleElement().asString().contains("JWT_SECRET_KEY_FILE");
      assertThat(warnings.stream().filter(line -> line.contains("AUTH_SERVICE_URL")))
          .singleElement().asString().contains("PRIMARY_AUTH_URL");
      assertThat(warnings.stream().filter(line -> line.contains("REDIS_URI")))
          .singleElement().asString().contains("REDIS_URL");
    }
  }

  @Test
  @DisplayName("the platform's other names are each mapped: JWT_SECRET, LOG_LEVEL, SERVICE_NAME, near misses and a wrong suffix")
  void otherNames(Vertx vertx) {
    Map<String, String> env = validProd();
    env.putAll(Map.of("JWT_SECRET", JWT, "LOG_LEVEL", "DEBUG", "SERVICE_NAME", "auth",
        "DATABASE_URI", "postgresql://u@db/app", "JWT_SECRET_KEY_PATH", "/run/secrets/jwt", "SESION_COOKIE_NAME", "sid",
        "SERVICE_SECRET_FLIE", "/run/secrets/service"));
    assertThat(check(vertx, env)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .containsPattern("JWT_SECRET: .*JWT_SECRET_KEY\\b")
        .containsPattern("LOG_LEVEL: .*AUTHSUITE_LOG_LEVEL")
        .containsPattern("SERVICE_NAME: .*service")
        .containsPattern("DATABASE_URI: .*DATABASE_URL")
        .containsPattern("JWT_SECRET_KEY_PATH: .*JWT_SECRET_KEY_FILE")
        .containsPattern("SESION_COOKIE_NAME: .*SESSION_COOKIE_NAME")
        .containsPattern("SERVICE_SECRET_FLIE: .*SERVICE_SECRET_FILE")
        .doesNotContain(JWT);
  }

  @Test
  @DisplayName("unrelated variables (PATH, HOME, JAVA_HOME, Kubernetes service links, OpenTelemetry's...) are never flagged, even in prod")
  void unrelatedVariablesAreNotFlagged(Vertx vertx) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(Map.of("PATH", "/usr/bin", "HOME", "/root", "LANG", "C.UTF-8", "JAVA_HOME", "/opt/java", "HOSTNAME", "pod-1",
        "KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_PORT", "tcp://10.0.0.1:443", "PORT", "8080"));
    env.putAll(Map.of("REDIS_PORT", "tcp://10.0.0.2:6379", "REDIS_SERVICE_HOST", "10.0.0.2", "REDIS_PORT_6379_TCP_ADDR", "10.0.0.2",
        "POSTGRES_SERVICE_PORT", "5432", "HTTP_PROXY", "http://proxy:3128", "K_SERVICE", "auth", "JAVA_TOOL_OPTIONS", "-Xmx256m"));
    env.putAll(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
        "AUTHSUITE_LOG_FORMAT", "text"));
    env.putAll(validProd());
    int code = check(vertx, env);
    assertThat(code).as(printed()).isZero();
    assertThat(printed()).contains("configuration OK").doesNotContain("probably");
  }

  @Test
  @DisplayName("every setting the configuration tables of docs/configuration.md document is a known name, so none is ever flagged")
  void documentedNamesAreKnown() {
    String configuration = DeploymentContract.read(DeploymentContract.CONFIGURATION_PAGE);
    List<String> documented = configuration.lines()
        .filter(line -> line.startsWith("| `"))
        .map(line -> line.substring(1, line.indexOf('|', 1)))
        .flatMap(firstCell -> Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(firstCell).results().map(found -> found.group(1)))
        .toList();
    assertThat(documented).hasSizeGreaterThan(40);
    assertThat(SettingNames.known()).containsAll(documented);
  }
}
