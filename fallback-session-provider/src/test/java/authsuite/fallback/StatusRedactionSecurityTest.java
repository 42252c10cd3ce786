package authsuite.fallback;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.CapturedLogs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("The primary auth URL is shown and logged without the password it may carry")
class StatusRedactionSecurityTest {
  private static final String SECRET = "s3cret";

  private FallbackFixture fixture;
  private HttpServer primary;
  private final AtomicInteger primaryStatus = new AtomicInteger(503);

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    primary = vertx.createHttpServer().requestHandler(request -> request.response().setStatusCode(primaryStatus.get()).end())
        .listen(0, "127.0.0.1").await();
    fixture = new FallbackFixture(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
    primary.close().await();
  }

  @Test
  @DisplayName("fallback/status and the probe's down and up log lines show the URL without its userinfo")
  void statusAndProbeLogsHideThePassword() {
    String host = "127.0.0.1:" + primary.actualPort();
    try (CapturedLogs logs = CapturedLogs.of(PrimaryAuthProbe.class)) {
      fixture.start(fixture.config().put(SuiteConfig.PRIMARY_AUTH_URL, "http://probe-user:" + SECRET + "@" + host));

      FallbackFixture.awaitCondition(() -> fixture.status().getJsonObject("primary_auth").getBoolean("down"), "the probe to see it down");
      HttpResponse<Buffer> down = fixture.client.get(fixture.service.port(), "127.0.0.1", "/api/v1/fallback/status").send().await();
      primaryStatus.set(200);
      FallbackFixture.awaitCondition(() -> !fixture.status().getJsonObject("primary_auth").getBoolean("down"), "the probe to see it up");
      HttpResponse<Buffer> up = fixture.client.get(fixture.service.port(), "127.0.0.1", "/api/v1/fallback/status").send().await();

      assertThat(down.statusCode()).isEqualTo(200);
      assertThat(down.bodyAsString()).doesNotContain(SECRET).doesNotContain("probe-user");
      assertThat(down.bodyAsJsonObject().getJsonObject("primary_auth").getString("url")).isEqualTo("http://" + host + "/health");
      assertThat(up.bodyAsString()).doesNotContain(SECRET);
      assertThat(logs.lines()).anyMatch(line -> line.contains("unreachable") && line.contains(host))
          .anyMatch(line -> line.contains("answers again") && line.contains(host));
      assertThat(logs.text()).doesNotContain(SECRET);
    }
  }
}
