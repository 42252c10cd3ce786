package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static authsuite.coordinator.CoordinatorFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("The coordinator's reports show configured URLs without their credentials")
class ReportRedactionSecurityTest {
  private static final String SECRET = "s3cret";
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
  @DisplayName("a static <SERVICE>_URL and PRIMARY_AUTH_URL with userinfo: neither the integration report nor the registry listing shows it")
  void staticUrlsAreShownWithoutUserinfo() {
    HttpServer configured = fixture.healthyPeer(0);
    String host = "127.0.0.1:" + configured.actualPort();
    fixture.start(fixture.config()
        .put(SuiteService.FALLBACK_SESSION_PROVIDER.urlVariable(), "http://svc-user:" + SECRET + "@" + host)
        .put(SuiteConfig.PRIMARY_AUTH_URL, "http://primary-user:" + SECRET + "@127.0.0.1:1"));

    HttpResponse<Buffer> report = fixture.get(IntegrationRoutes.INTEGRATION);
    HttpResponse<Buffer> services = fixture.get("/api/v1/coordinator/services");

    assertThat(report.statusCode()).isEqualTo(200);
    assertThat(report.bodyAsString()).doesNotContain(SECRET);
    assertThat(service(report.bodyAsJsonObject(), SuiteService.FALLBACK_SESSION_PROVIDER).getString("url")).isEqualTo("http://" + host);
    assertThat(services.statusCode()).isEqualTo(200);
    assertThat(services.bodyAsString()).doesNotContain(SECRET).contains(host);
  }
}
