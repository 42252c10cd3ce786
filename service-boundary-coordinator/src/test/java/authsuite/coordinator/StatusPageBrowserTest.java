package authsuite.coordinator;

import authsuite.common.SuiteService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in Debian's headless Chromium, driven by playwright-core from
 * src/test/browser (installed there with npm on first run; Chromium installed with apt-get when
 * missing). Screenshots are kept in target/status-page/. Skipped only when Node.js is absent.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The status page renders in a real browser and follows the suite's state")
class StatusPageBrowserTest {
  private static final Path BROWSER_DIR = Path.of("src/test/browser");
  private static final Path SHOTS = Path.of("target/status-page");
  private static final String CHROMIUM = "/usr/bin/chromium";
  private CoordinatorFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("renders the five services (one with two instances) and the mode on laptop and phone widths, and shows a peer going down without a reload")
  void statusPageInChromium(Vertx vertx) throws Exception {
    Assumptions.assumeTrue(run(List.of("node", "--version"), Path.of("."), 10) == 0,
        "Node.js is not installed: the status page's browser test needs node (apt-get install nodejs)");
    ensureChromium();
    ensurePlaywright();
    List<HttpServer> peers = fixture.registerHealthyPeers();
    fixture.register(SuiteService.SESSION_VALIDATION_NORMALIZER, fixture.hangingPeer(0).actualPort());
    fixture.start(fixture.config());
    HttpServer control = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/down")) {
        peers.get(0).close().onComplete(closed -> request.response().end("down"));
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").await();
    Files.createDirectories(SHOTS);

    int exit = run(List.of("node", "status-page.mjs", "http://127.0.0.1:" + fixture.coordinator.port() + "/",
        "http://127.0.0.1:" + control.actualPort(), SHOTS.toAbsolutePath().toString()), BROWSER_DIR, 90);

    control.close().await();
    assertThat(exit).as("the browser script's exit code (its output is in the test log)").isZero();
    assertThat(SHOTS.resolve("status-page-laptop.png")).isNotEmptyFile();
    assertThat(SHOTS.resolve("status-page-phone.png")).isNotEmptyFile();
    assertThat(SHOTS.resolve("status-page-peer-down.png")).isNotEmptyFile();
  }

  private static void ensureChromium() throws IOException, InterruptedException {
    if (new File(CHROMIUM).canExecute()) {
      return;
    }
    int installed = run(List.of("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"),
        Path.of("."), 600);
    assertThat(installed).as("installing Debian's chromium (needs root and apt-get)").isZero();
  }

  private static void ensurePlaywright() throws IOException, InterruptedException {
    if (Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
      return;
    }
    int installed = run(List.of("npm", "ci", "--no-audit", "--no-fund"), BROWSER_DIR, 300);
    assertThat(installed).as("npm ci in " + BROWSER_DIR).isZero();
  }

  private static int run(List<String> command, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    } catch (IOException notInstalled) {
      return -1;
    }
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -2;
    }
    return process.exitValue();
  }
}
