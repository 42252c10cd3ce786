package authsuite.common.http;

import authsuite.common.testing.CapturedLogs;
import authsuite.common.testing.MetricsText;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The metrics registry the launcher runs on registers no gauge twice, and keeps Vert.x's HTTP counters")
class ServiceMetricsTest {

  @Test
  @DisplayName("several connections, requests and event-bus consumers on one address: no 'already registered' from Micrometer, even at DEBUG")
  void noGaugeRegisteredTwice() {
    // Micrometer warns once per JVM, then logs the same at DEBUG: the test reads DEBUG so an earlier warning cannot hide one
    Logger micrometer = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
    Level level = micrometer.getLevel();
    micrometer.setLevel(Level.DEBUG);
    PrometheusMeterRegistry registry = ServiceMetrics.newRegistry();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(ServiceMetrics.vertxOptions()))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    try (CapturedLogs logs = CapturedLogs.named(MeterRegistry.class.getName())) {
      vertx.eventBus().consumer("metrics-test", message -> { });
      vertx.eventBus().consumer("metrics-test", message -> { });
      HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response().end(registry.scrape()))
          .listen(0, "127.0.0.1").await();
      for (int client = 0; client < 2; client++) {
        WebClient http = WebClient.create(vertx);
        for (int i = 0; i < 3; i++) {
          assertThat(http.get(server.actualPort(), "127.0.0.1", "/").send().await().statusCode()).isEqualTo(200);
        }
        http.close();
      }

      assertThat(logs.text()).doesNotContain("already registered");
      MetricsText metrics = MetricsText.scrape(vertx, server.actualPort());
      assertThat(metrics.count("vertx_http_server_requests_total")).isGreaterThanOrEqualTo(6);
      assertThat(metrics.has("vertx_http_server_active_requests")).isFalse();
    } finally {
      vertx.close().await();
      micrometer.setLevel(level);
    }
  }

  @Test
  @DisplayName("labels are bounded without copying an id whose labels already are, and Vert.x's gauges are denied")
  void boundedLabels() {
    ServiceMetrics.BoundedVertxMeters filter = new ServiceMetrics.BoundedVertxMeters();
    Meter.Id requests = new Meter.Id("vertx.http.server.requests",
        Tags.of("method", "GET", "route", "/*>/api/v1/jwt/validate>/*", "code", "200"), null, null, Meter.Type.COUNTER);
    Meter.Id bounded = filter.map(requests);
    assertThat(bounded.getTag("route")).isEqualTo("/api/v1/jwt/validate");
    assertThat(bounded.getTag("code")).isEqualTo("200");
    assertThat(filter.map(bounded)).isSameAs(bounded);
    assertThat(filter.map(requests.replaceTags(Tags.of("method", "BREW", "route", "/*")))).extracting(id -> id.getTag("method"), id -> id.getTag("route"))
        .containsExactly("other", "unmatched");
    assertThat(ServiceMetrics.routeLabel("")).isEqualTo("unmatched");
    assertThat(ServiceMetrics.routeLabel("/health/live")).isEqualTo("/health/live");
    assertThat(ServiceMetrics.routeLabel("/*>/a>")).isEqualTo("/a");
    Meter.Id gauge = new Meter.Id("vertx.http.server.active.requests", Tags.of("method", "BREW"), null, null, Meter.Type.GAUGE);
    assertThat(filter.map(gauge)).isSameAs(gauge);
    assertThat(filter.accept(gauge)).isEqualTo(MeterFilterReply.DENY);
    assertThat(filter.accept(bounded)).isEqualTo(MeterFilterReply.NEUTRAL);
  }
}
