package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tests that run launcher processes ask of them: live yet, a report that says so at last, who is listed. */
public final class SuiteProbes {
  private SuiteProbes() {
  }

  /** Reads again until the condition holds ({@link Eventually}); fails with the last answer after {@code patienceMs}. */
  public static JsonObject until(Vertx vertx, Supplier<JsonObject> read, Predicate<JsonObject> condition, long patienceMs) {
    return Eventually.until(vertx, read, condition, Duration.ofMillis(patienceMs));
  }

  /** Every service of the process answers /health/live, or the test fails naming its log. */
  static void awaitLive(Vertx vertx, WebClient http, LauncherProcess suite, long patienceMs) {
    long deadline = System.currentTimeMillis() + patienceMs;
    for (int port : suite.ports().values()) {
      Eventually.until(vertx, "port " + port + " answers /health/live; see " + suite.log(), () -> {
        assertThat(suite.isAlive()).as("the launcher process is running; see %s", suite.log()).isTrue();
        HttpResponse<Buffer> live = http.get(port, "127.0.0.1", "/health/live").timeout(1000).send().otherwiseEmpty().await();
        return live != null && live.statusCode() == 200;
      }, Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis())));
    }
  }

  /** The instance URLs an integration report lists for a service (none in an answer that is no report, such as an error). */
  static List<String> instanceUrls(JsonObject report, SuiteService service) {
    JsonObject services = report == null ? null : report.getJsonObject("services");
    JsonObject entry = services == null ? null : services.getJsonObject(service.healthKey());
    return entry == null || entry.getJsonArray("instances") == null ? List.of()
        : entry.getJsonArray("instances").stream().map(JsonObject.class::cast).map(i -> i.getString("url")).toList();
  }
}
