package authsuite.launcher;

import authsuite.common.SuiteService;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} of a service run by the launcher, after clients chose their methods and paths freely. */
@Tag("robustness")
@DisplayName("Clients cannot grow the metrics: method and route labels take known values only")
class MetricLabelsRobustnessTest {
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "other");
  private static RunningSuite suite;

  @BeforeAll
  static void startSuite() {
    suite = RunningSuite.start();
  }

  @AfterAll
  static void stopSuite() {
    suite.close();
  }

  @Test
  @DisplayName("200 requests with made-up methods and random paths leave the method and route labels bounded")
  void labelsStayBounded() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (SuiteService service : List.of(SuiteService.SESSION_VALIDATION_NORMALIZER, SuiteService.JWT_TOKEN_ADAPTER)) {
      int port = suite.port(service);
      for (int i = 0; i < 200; i++) {
        HttpMethod method = i % 2 == 0 ? HttpMethod.valueOf(letters(random, 20 + random.nextInt(180)))
            : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE).get(random.nextInt(3));
        suite.client().request(method, port, "127.0.0.1", "/r" + letters(random, 12).toLowerCase() + "/" + i).send().await();
      }
      suite.client().get(port, "127.0.0.1", "/health").send().await();
      String metrics = suite.client().get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();

      Set<String> methods = labelValues(metrics, "method");
      Set<String> routes = labelValues(metrics, "route");
      assertThat(methods).contains("other").isSubsetOf(METHODS);
      assertThat(routes).contains("unmatched", "/health").noneMatch(route -> route.startsWith("/r"));
      assertThat(routes.size()).isLessThan(20);
    }
  }

  private static Set<String> labelValues(String metrics, String label) {
    Matcher m = Pattern.compile("^vertx_http_server_\\w+\\{[^}]*\\b" + label + "=\"([^\"]*)\"", Pattern.MULTILINE).matcher(metrics);
    Set<String> values = new TreeSet<>();
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }

  private static String letters(ThreadLocalRandom random, int length) {
    StringBuilder letters = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      letters.append((char) ('A' + random.nextInt(26)));
    }
    return letters.toString();
  }
}
