package authsuite.coordinator;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.MetricsText;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/metrics of the coordinator tells the outage: mode, circuits by target, probe durations")
class CoordinatorMetricsTest {
  private static final String SERVICE = "service-boundary-coordinator";
  private static final long PATIENCE_MS = CoordinatorFixture.CIRCUIT_RESET_MS
      + (CoordinatorFixture.MODE_FAIL_ROUNDS + CoordinatorFixture.CIRCUIT_MAX_FAILURES + 4) * CoordinatorFixture.INTERVAL_MS
      + CoordinatorFixture.TIMEOUT_MS + 3_000;
  private CoordinatorFixture fixture;
  private HttpServer primaryAuth;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    fixture.registerHealthyPeers();
    primaryAuth = fixture.healthyPeer(0);
    fixture.start(fixture.config().put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + primaryAuth.actualPort()));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("healthy: mode normal, every circuit closed; the primary stops: mode degraded, its circuit open, failed probes timed")
  void primaryOutage() {
    MetricsText healthy = scrape();
    assertThat(healthy.value("authsuite_mode", "service", SERVICE, "mode", "normal")).isEqualTo(1.0);
    assertThat(healthy.value("authsuite_mode", "service", SERVICE, "mode", "degraded")).isEqualTo(0.0);
    assertThat(healthy.value("authsuite_circuit_state", "service", SERVICE, "target", "primary_auth", "state", "closed")).isEqualTo(1.0);
    assertThat(healthy.value("authsuite_circuit_state", "service", SERVICE, "target", "jwt_token_adapter", "state", "closed"))
        .isEqualTo(1.0);
    assertThat(healthy.count("authsuite_probe_duration_seconds_count", "service", SERVICE, "target", "primary_auth", "outcome", "up"))
        .isGreaterThanOrEqualTo(1);
    // a registry instance id is new at every start: it is never a label
    assertThat(healthy.text()).doesNotContain("jwt-token-adapter/");

    primaryAuth.close().await();
    fixture.awaitReport(r -> "degraded".equals(r.getString("mode"))
        && "open".equals(r.getJsonObject("dependencies").getJsonObject("primary_auth").getString("circuit")), PATIENCE_MS,
        "degraded mode and the primary's circuit open");

    MetricsText outage = scrape();
    assertThat(outage.value("authsuite_mode", "service", SERVICE, "mode", "degraded")).isEqualTo(1.0);
    assertThat(outage.value("authsuite_mode", "service", SERVICE, "mode", "normal")).isEqualTo(0.0);
    assertThat(outage.value("authsuite_circuit_state", "service", SERVICE, "target", "primary_auth", "state", "closed")).isEqualTo(0.0);
    assertThat(outage.count("authsuite_circuit_transitions_total", "service", SERVICE, "target", "primary_auth", "to", "open"))
        .isGreaterThanOrEqualTo(1);
    assertThat(outage.count("authsuite_probe_duration_seconds_count", "service", SERVICE, "target", "primary_auth", "outcome", "down"))
        .isGreaterThanOrEqualTo(1);
    assertThat(outage.value("authsuite_circuit_state", "service", SERVICE, "target", "jwt_token_adapter", "state", "closed"))
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName("a drill forcing emergency shows at once in the mode gauge, and its end brings normal back")
  void drill() {
    assertThat(fixture.internalPost("/api/v1/coordinator/mode", new JsonObject().put("mode", "emergency").put("expires_in_s", 600))
        .statusCode()).isEqualTo(200);
    assertThat(scrape().value("authsuite_mode", "service", SERVICE, "mode", "emergency")).isEqualTo(1.0);

    assertThat(fixture.internalPost("/api/v1/coordinator/mode", new JsonObject().putNull("mode")).statusCode()).isEqualTo(200);
    MetricsText ended = scrape();
    assertThat(ended.value("authsuite_mode", "service", SERVICE, "mode", "emergency")).isEqualTo(0.0);
    assertThat(ended.value("authsuite_mode", "service", SERVICE, "mode", "normal")).isEqualTo(1.0);
  }

  private MetricsText scrape() {
    return MetricsText.scrape(fixture.client, fixture.coordinator.port());
  }
}
