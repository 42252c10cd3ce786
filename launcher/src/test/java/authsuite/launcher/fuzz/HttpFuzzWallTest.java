package authsuite.launcher.fuzz;

import authsuite.common.SuiteService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzing wall, HTTP side: hostile input generated from each service's own served contract, and
 * the corpus of raw malformed HTTP and of every case that once broke the wall, all sent as bytes on a
 * socket to the whole suite running on real Redis and PostgreSQL. {@code -Dfuzz.seed} and
 * {@code -Dfuzz.random} (random cases per operation) widen a local run; CI runs the defaults.
 */
@Tag("robustness")
@Tag("fuzz")
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Fuzzing wall (HTTP): no hostile request gets a 5xx, a non-problem error, a hang over 2 s or an ERROR line")
class HttpFuzzWallTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20_261_201L);
  private static final int RANDOM_CASES = Integer.getInteger("fuzz.random", 20);
  private static final int SHOWN = 400;

  private Vertx vertx;
  private FuzzedSuite suite;
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  @BeforeAll
  void startSuite(Vertx vertx, @TempDir Path dir) {
    this.vertx = vertx;
    suite = new FuzzedSuite(vertx).start(dir);
    for (SuiteService service : SuiteService.values()) {
      ports.put(service.serviceName(), suite.port(service));
    }
  }

  @AfterAll
  void stopSuite() {
    suite.stop();
  }

  @Test
  @DisplayName("every operation of every service's OpenAPI document, fed generated hostile input")
  void everyOperationOfEveryContract() {
    HostileRequests generator = new HostileRequests(SEED, RANDOM_CASES);
    List<FuzzCase> cases = new ArrayList<>();
    int operations = 0;
    WebClient http = WebClient.create(vertx);
    try {
      for (Map.Entry<String, Integer> service : ports.entrySet()) {
        JsonObject document = http.get(service.getValue(), "127.0.0.1", "/openapi.json").send().await().bodyAsJsonObject();
        for (Contract.Operation operation : Contract.operations(service.getKey(), document)) {
          operations++;
          cases.addAll(generator.cases(operation));
        }
      }
    } finally {
      http.close();
    }
    assertThat(operations).as("operations read from the five contracts").isGreaterThanOrEqualTo(40);
    Corpus corpus = Corpus.open();
    try (FuzzWall wall = new FuzzWall(vertx, ports)) {
      wall.run(cases);
      System.out.println(wall.score("fuzzing wall, " + operations + " operations, seed " + SEED));
      wall.freshByKind().forEach(finding -> corpus.remember(finding.fuzzCase()));
      assertThat(wall.failures(SHOWN)).as("new failing cases are saved in " + corpus.location().resolve(Corpus.FOUND)).isEmpty();
    }
  }

  @Test
  @DisplayName("the corpus: raw malformed HTTP and every case that once broke the wall")
  void corpus() {
    Corpus corpus = Corpus.open();
    List<FuzzCase> cases = corpus.cases();
    assertThat(cases).as("the corpus in " + corpus.location()).hasSizeGreaterThan(50);
    try (FuzzWall wall = new FuzzWall(vertx, ports)) {
      wall.run(cases);
      System.out.println(wall.score("fuzzing wall corpus, " + cases.size() + " lines"));
      assertThat(wall.failures(SHOWN)).isEmpty();
    }
  }
}
