package authsuite.launcher;

import authsuite.common.testing.RequiredTools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code prometheus} package) scraping the given {@code /metrics} targets every second,
 * on a free port, its storage in a directory of the test's. Its output goes to a log file there.
 */
final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** @param targets {@code host:port} of each service, scraped as job {@code authsuite} */
  static PrometheusServer start(Path dir, Collection<String> targets) throws IOException {
    String prometheus = binary();
    Files.createDirectories(dir);
    int port = freePort();
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: authsuite
            metrics_path: /metrics
            static_configs:
              - targets: [%s]
        """.formatted(targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))));
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(prometheus, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
    return new PrometheusServer(process, port, log);
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code GET /api/v1/query}: the answer, or an empty object while Prometheus does not answer yet. */
  JsonObject query(WebClient http, String expression) {
    return http.get(port, "127.0.0.1", "/api/v1/query").addQueryParam("query", expression).timeout(2_000).send()
        .map(answer -> answer.statusCode() == 200 ? answer.bodyAsJsonObject() : new JsonObject())
        .otherwise(new JsonObject())
        .await();
  }

  /** The largest value of a query's vector, or NaN when it has none (yet). */
  static double max(JsonObject answer) {
    JsonArray result = answer.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray());
    return result.stream().map(JsonObject.class::cast)
        .mapToDouble(series -> Double.parseDouble(series.getJsonArray("value").getString(1)))
        .max().orElse(Double.NaN);
  }

  /** How many series a query's vector holds. */
  static int size(JsonObject answer) {
    return answer.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray()).size();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** prometheus from PATH or /usr/bin; missing, the test fails on CI and is skipped, saying why, elsewhere. */
  static String binary() {
    Optional<Path> found = Stream.concat(
            Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)),
            Stream.of("/usr/bin", "/usr/local/bin"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst();
    if (found.isPresent()) {
      return found.get().toString();
    }
    RequiredTools.missing("prometheus is not installed: the end-to-end metrics test runs a real Prometheus"
        + " (.ci/run installs Debian's prometheus)");
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
