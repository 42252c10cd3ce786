package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.testing.BrowserScripts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in Debian's headless Chromium, driven by playwright-core from
 * src/test/browser (.ci/run installs Chromium, Node.js and, with npm ci, playwright-core there). Screenshots are kept
 * in target/status-page/. Skipped, saying which, when one of them is missing (failed on CI).
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The status page renders in a real browser and follows the suite's state")
class StatusPageBrowserTest {
  private static final Path BROWSER_DIR = Path.of("src/test/browser");
  private static final Path SHOTS = Path.of("target/status-page");
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
    BrowserScripts browser = BrowserScripts.prepare(BROWSER_DIR);
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

    int exit = browser.run(List.of("status-page.mjs", "http://127.0.0.1:" + fixture.coordinator.port() + "/",
        "http://127.0.0.1:" + control.actualPort(), SHOTS.toAbsolutePath().toString()), 90);

    control.close().await();
    assertThat(exit).as("the browser script's exit code (its output is in the test log)").isZero();
    assertThat(SHOTS.resolve("status-page-laptop.png")).isNotEmptyFile();
    assertThat(SHOTS.resolve("status-page-phone.png")).isNotEmptyFile();
    assertThat(SHOTS.resolve("status-page-peer-down.png")).isNotEmptyFile();
  }
}
