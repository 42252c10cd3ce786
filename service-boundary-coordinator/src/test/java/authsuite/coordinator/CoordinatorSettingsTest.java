package authsuite.coordinator;

import authsuite.common.config.ConfigException;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The coordinator's settings are validated with the suite's, every problem named")
class CoordinatorSettingsTest {

  @Test
  @DisplayName("defaults: 2 s rounds, 1 s probe timeout, 3 failures open a circuit, 3 failed rounds degrade the mode")
  void defaults() {
    CoordinatorSettings settings = CoordinatorSettings.from(SuiteConfig.from(TestServices.embeddedConfig()));
    assertThat(settings.probeInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.probeTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.circuitMaxFailures()).isEqualTo(3);
    assertThat(settings.modeFailRounds()).isEqualTo(3);
    assertThat(settings.modeRecoverRounds()).isEqualTo(2);
    assertThat(settings.primaryAuthHealthPath()).isEqualTo("/health");
    assertThat(settings.maxAgeSeconds()).isEqualTo(2);
    assertThat(settings.circuitWindowMs()).isGreaterThanOrEqualTo(3 * 2_000);
  }

  @Test
  @DisplayName("out-of-range numbers, words and a primary-auth health 'path' that is a URL are all reported at once")
  void invalid() {
    JsonObject config = TestServices.embeddedConfig()
        .put(CoordinatorSettings.PROBE_INTERVAL_MS, "10")
        .put(CoordinatorSettings.PROBE_TIMEOUT_MS, "soon")
        .put(CoordinatorSettings.CIRCUIT_MAX_FAILURES, "0")
        .put(CoordinatorSettings.MODE_FAIL_ROUNDS, "1000")
        .put(CoordinatorSettings.PRIMARY_AUTH_HEALTH_PATH, "http://evil.example/health");
    assertThatThrownBy(() -> SuiteConfig.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(CoordinatorSettings.PROBE_INTERVAL_MS)
        .hasMessageContaining(CoordinatorSettings.PROBE_TIMEOUT_MS)
        .hasMessageContaining(CoordinatorSettings.CIRCUIT_MAX_FAILURES)
        .hasMessageContaining(CoordinatorSettings.MODE_FAIL_ROUNDS)
        .hasMessageContaining(CoordinatorSettings.PRIMARY_AUTH_HEALTH_PATH);
  }
}
