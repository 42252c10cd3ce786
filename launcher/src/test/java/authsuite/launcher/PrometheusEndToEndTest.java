package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.testing.MetricsText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite as an operator runs it (a launcher process, dev profile, so the primary-auth stand-in is the primary
 * the coordinator and the fallback provider probe), scraped every second by a real Prometheus; an outage drill is
 * forced, and the story is read back through Prometheus' query API as a dashboard or an alert would read it: the
 * coordinator's mode, the primary's circuit, emergency sign-ins and token validations. Then every metric the
 * dashboard and the alert rules of deploy/observability use must be one the running suite exposes. Skipped only
 * when prometheus is absent (failed on CI).
 */
@Tag("prometheus")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Prometheus scraping the whole suite through an outage drill")
class PrometheusEndToEndTest {
  private static final Path OBSERVABILITY = Path.of("..", "deploy", "observability").toAbsolutePath().normalize();
  private static final String COORDINATOR = "service-boundary-coordinator";
  private static final long START_PATIENCE_MS = 90_000;
  private static final long PATIENCE_MS = 30_000;
  private static final Pattern METRIC = Pattern.compile("\\b((?:authsuite|vertx|jvm|process|system|http)_[a-zA-Z0-9_]+)\\b");
  @TempDir
  static Path dir;
  private static Vertx vertx;
  private static WebClient http;
  private static LauncherProcess suite;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    PrometheusServer.binary();
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    Map<String, String> env = new HashMap<>();
    env.put("DEMO_PRIMARY_AUTH_PORT", "0");
    env.put("DEMO_CHAT_PORT", "0");
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "300");
    env.put("COORDINATOR_PROBE_TIMEOUT_MS", "250");
    env.put("COORDINATOR_MODE_FAIL_ROUNDS", "2");
    // the primary's circuit stays open once opened, so that a 1 s scrape cannot miss it
    env.put("COORDINATOR_CIRCUIT_RESET_MS", "600000");
    env.put("FALLBACK_PROBE_INTERVAL_MS", "300");
    env.put("FALLBACK_BCRYPT_COST", "4");
    env.put("FALLBACK_AUDIT_FILE", dir.resolve("fallback-audit.jsonl").toString());
    suite = LauncherProcess.start(dir.resolve("suite.log"), env);
    SuiteProbes.awaitLive(vertx, http, suite, START_PATIENCE_MS);
    prometheus = PrometheusServer.start(dir.resolve("prometheus"),
        suite.ports().values().stream().map(port -> "127.0.0.1:" + port).toList());
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (suite != null) {
      suite.close();
    }
    if (http != null) {
      http.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @Order(1)
  @DisplayName("normal, then the drill: Prometheus shows the mode degraded, the primary's circuit open, and the sign-ins and validations the test made")
  void drillThroughPrometheus() {
    awaitQuery("count(up{job=\"authsuite\"} == 1)", value -> value == SuiteService.values().length, "every service scraped");
    awaitQuery(modeIs("normal"), value -> value == 1, "mode normal before the drill");

    int adapter = suite.port(SuiteService.JWT_TOKEN_ADAPTER);
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> refused = http.post(adapter, "127.0.0.1", "/api/v1/jwt/validate")
          .sendJsonObject(new JsonObject().put("token", "not-a-token-" + i)).await();
      assertThat(refused.bodyAsJsonObject().getString("reason")).isEqualTo("malformed");
    }
    awaitQuery("max(authsuite_token_validations_total{service=\"jwt-token-adapter\",outcome=\"invalid\",reason=\"malformed\"})",
        value -> value >= 3, "the three malformed tokens counted");

    HttpResponse<Buffer> drill = http.postAbs(primaryUrl() + "/api/v1/auth/drill").sendJsonObject(new JsonObject().put("drill", true)).await();
    assertThat(drill.statusCode()).as(drill.bodyAsString()).isLessThan(300);
    awaitQuery(modeIs("degraded"), value -> value == 1, "mode degraded");
    awaitQuery(modeIs("normal"), value -> value == 0, "mode no longer normal");
    awaitQuery("max(authsuite_circuit_state{service=\"" + COORDINATOR + "\",target=\"primary_auth\",state=\"open\"})",
        value -> value == 1, "the primary's circuit open");
    awaitQuery("max(authsuite_circuit_transitions_total{service=\"" + COORDINATOR + "\",target=\"primary_auth\",to=\"open\"})",
        value -> value >= 1, "the primary's circuit counted as opened");

    HttpResponse<Buffer> signedIn = http.post(suite.port(SuiteService.FALLBACK_SESSION_PROVIDER), "127.0.0.1",
            "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", "demo").put("password", "demo-password-change-me")).await();
    assertThat(signedIn.statusCode()).as(signedIn.bodyAsString()).isEqualTo(200);
    awaitQuery("max(authsuite_emergency_signins_total{service=\"fallback-session-provider\",outcome=\"granted\"})",
        value -> value >= 1, "the emergency sign-in counted");
    // without PostgreSQL (embedded) the audit goes to the spill file: spilled and pending
    awaitQuery("max(authsuite_audit_spill_pending{service=\"fallback-session-provider\"})", value -> value >= 1, "the audit row pending");

    assertThat(logOf(suite.log())).doesNotContain("has been already registered");
  }

  @Test
  @Order(2)
  @DisplayName("every metric the Grafana dashboard and the alert rules query is one the running suite exposes")
  void dashboardAndAlertsUseExposedMetrics() throws Exception {
    MetricsText exposed = MetricsText.scrape(http, suite.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR));
    Set<String> names = new TreeSet<>();
    Matcher sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE).matcher(exposed.text());
    while (sample.find()) {
      names.add(sample.group(1));
    }

    JsonObject dashboard = new JsonObject(Files.readString(OBSERVABILITY.resolve("grafana/authsuite-dashboard.json")));
    Set<String> dashboardMetrics = metricsIn(expressions(dashboard));
    assertThat(dashboardMetrics).as("metrics the dashboard queries").isNotEmpty().isSubsetOf(names);
    assertThat(dashboard.encode()).contains("${DS_PROMETHEUS}");

    Object rules = new Yaml().load(Files.readString(OBSERVABILITY.resolve("prometheus/alerts.yml")));
    Set<String> alertMetrics = metricsIn(expressions(JsonObject.mapFrom(Map.of("rules", rules))));
    assertThat(alertMetrics).as("metrics the alert rules query").isNotEmpty().isSubsetOf(names);
  }

  private static String modeIs(String mode) {
    return "max(authsuite_mode{service=\"" + COORDINATOR + "\",mode=\"" + mode + "\"})";
  }

  /** Asks Prometheus until the expression's largest value satisfies {@code condition}; the last answer is in the failure. */
  private static void awaitQuery(String expression, java.util.function.DoublePredicate condition, String what) {
    assertThat(prometheus.isAlive()).as("prometheus is running; see %s", prometheus.log()).isTrue();
    try {
      SuiteProbes.until(vertx, () -> prometheus.query(http, expression), answer -> condition.test(PrometheusServer.max(answer)),
          PATIENCE_MS);
    } catch (AssertionError e) {
      throw new AssertionError(what + " (" + expression + "): " + e.getMessage(), e);
    }
  }

  /** The primary the coordinator probes: the launcher's stand-in, on the port it found free. */
  private static String primaryUrl() {
    JsonObject report = http.get(suite.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR), "127.0.0.1", "/api/v1/health/integration")
        .send().await().bodyAsJsonObject();
    String url = report.getJsonObject("dependencies").getJsonObject("primary_auth").getString("url");
    assertThat(url).as("dependencies.primary_auth.url in " + report.encode()).startsWith("http://127.0.0.1:");
    return url.replaceAll("/$", "");
  }

  /** Every {@code expr} string anywhere in the document (Grafana targets, Prometheus rules). */
  private static List<String> expressions(Object node) {
    List<String> found = new java.util.ArrayList<>();
    if (node instanceof JsonObject object) {
      object.forEach(entry -> {
        if ("expr".equals(entry.getKey()) && entry.getValue() instanceof String expr) {
          found.add(expr);
        } else {
          found.addAll(expressions(entry.getValue()));
        }
      });
    } else if (node instanceof JsonArray array) {
      array.forEach(item -> found.addAll(expressions(item)));
    } else if (node instanceof Map<?, ?> map) {
      found.addAll(expressions(JsonObject.mapFrom(map)));
    } else if (node instanceof List<?> list) {
      found.addAll(expressions(new JsonArray(list)));
    }
    return found;
  }

  private static Set<String> metricsIn(List<String> expressions) {
    Set<String> metrics = new TreeSet<>();
    for (String expression : expressions) {
      Matcher metric = METRIC.matcher(expression);
      while (metric.find()) {
        metrics.add(metric.group(1));
      }
    }
    return metrics;
  }

  private static String logOf(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
