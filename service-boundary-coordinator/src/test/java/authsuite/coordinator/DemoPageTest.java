package authsuite.coordinator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The web client's demo page is served under /demo/ with the compiled library")
class DemoPageTest {
  private CoordinatorFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    fixture.start(fixture.config());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private HttpResponse<Buffer> get(String path) {
    return fixture.client.get(fixture.coordinator.port(), "127.0.0.1", path).send().await();
  }

  @Test
  @DisplayName("/demo/ is the page, with a CSP that lets it reach the other services; /demo redirects there")
  void page() {
    HttpResponse<Buffer> page = get("/demo/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"demo.js\">");
    assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'").contains("connect-src 'self' http: https: ws: wss:");
    assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    HttpResponse<Buffer> bare = fixture.client.get(fixture.coordinator.port(), "127.0.0.1", "/demo").followRedirects(false).send().await();
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.getHeader("Location")).isEqualTo("/demo/");
  }

  @Test
  @DisplayName("the library's modules are served as JavaScript from /demo/lib/ (module scripts need a JS type)")
  void library() {
    for (String module : new String[] {"index.js", "health.js", "session.js", "emergency.js", "socket.js"}) {
      HttpResponse<Buffer> response = get("/demo/lib/" + module);
      assertThat(response.statusCode()).as(module).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).as(module).contains("javascript");
    }
    assertThat(get("/demo/lib/index.js").bodyAsString()).contains("HealthMonitor").contains("AuthSocket");
  }

  @Test
  @DisplayName("a missing file and a path climbing out of the demo are 404 problems, never a file from elsewhere")
  void nothingElse() {
    for (String path : new String[] {"/demo/nope.js", "/demo/../webroot/index.html", "/demo/%2e%2e/%2e%2e/openapi/service-boundary-coordinator.yaml"}) {
      HttpResponse<Buffer> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.getHeader("Content-Type")).as(path).isEqualTo("application/problem+json");
    }
  }
}
