package authsuite.fallback;

import authsuite.common.events.ModeChange;
import authsuite.common.testing.MetricsText;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("/metrics of the fallback provider tells the outage: mode, sign-ins, the PostgreSQL circuit, the audit spill, limits")
class FallbackMetricsTest {
  private static final String SERVICE = "fallback-session-provider";
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx).start();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("degraded: sign-in open and counted; PostgreSQL cut off: its circuit leaves closed, rows spill; back: replayed, none pending")
  void outageStory() {
    MetricsText calm = scrape();
    assertThat(calm.value("authsuite_emergency_signin_open", "service", SERVICE)).isEqualTo(0.0);
    assertThat(calm.value("authsuite_circuit_state", "service", SERVICE, "target", "postgres", "state", "closed")).isEqualTo(1.0);

    fixture.forceMode(ModeChange.DEGRADED);
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
    MetricsText degraded = scrape();
    assertThat(degraded.value("authsuite_mode", "service", SERVICE, "mode", "degraded")).isEqualTo(1.0);
    assertThat(degraded.value("authsuite_mode", "service", SERVICE, "mode", "normal")).isEqualTo(0.0);
    assertThat(degraded.value("authsuite_emergency_signin_open", "service", SERVICE)).isEqualTo(1.0);
    assertThat(degraded.value("authsuite_emergency_signins_total", "service", SERVICE, "kind", "password", "outcome", "granted"))
        .isEqualTo(1.0);

    fixture.pgProxy.cutOff().await();
    assertThat(fixture.signIn(FallbackFixture.BREAK_GLASS_USER, FallbackFixture.BREAK_GLASS_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(503);
    MetricsText outage = scrape();
    assertThat(outage.value("authsuite_circuit_state", "service", SERVICE, "target", "postgres", "state", "closed")).isEqualTo(0.0);
    assertThat(outage.count("authsuite_circuit_transitions_total", "service", SERVICE, "target", "postgres", "to", "open"))
        .isGreaterThanOrEqualTo(1);
    assertThat(outage.value("authsuite_audit_spilled_total", "service", SERVICE)).isEqualTo(2.0);
    assertThat(outage.value("authsuite_audit_spill_pending", "service", SERVICE)).isEqualTo(2.0);
    assertThat(outage.value("authsuite_emergency_signins_total", "service", SERVICE, "kind", "password", "outcome", "users_unavailable"))
        .isEqualTo(1.0);

    fixture.pgProxy.restore();
    FallbackFixture.awaitCondition(() -> scrape().count("authsuite_audit_replayed_total", "service", SERVICE) == 2,
        "the spilled rows to be replayed");
    MetricsText recovered = scrape();
    assertThat(recovered.value("authsuite_audit_spill_pending", "service", SERVICE)).isEqualTo(0.0);
    assertThat(recovered.value("authsuite_circuit_state", "service", SERVICE, "target", "postgres", "state", "closed")).isEqualTo(1.0);
  }

  @Test
  @DisplayName("the sixth wrong password of an account is refused by its limit: counted as rate_limited, by limiter")
  void rateLimited() {
    fixture.forceMode(ModeChange.DEGRADED);
    for (int i = 0; i < 5; i++) {
      assertThat(fixture.signIn("alice", "wrong").statusCode()).isEqualTo(401);
    }
    assertThat(fixture.signIn("alice", "wrong").statusCode()).isEqualTo(429);

    MetricsText metrics = scrape();
    assertThat(metrics.value("authsuite_rate_limited_total", "service", SERVICE, "limiter", "fallback_account")).isEqualTo(1.0);
    assertThat(metrics.value("authsuite_rate_limited_total", "service", SERVICE, "limiter", "fallback_address")).isEqualTo(0.0);
    assertThat(metrics.value("authsuite_emergency_signins_total", "service", SERVICE, "kind", "password", "outcome", "rate_limited"))
        .isEqualTo(1.0);
    assertThat(metrics.value("authsuite_emergency_signins_total", "service", SERVICE, "kind", "password", "outcome", "wrong_password"))
        .isEqualTo(5.0);
    assertThat(metrics.text()).doesNotContain("alice");
  }

  private MetricsText scrape() {
    return MetricsText.scrape(fixture.client, fixture.service.port());
  }
}
