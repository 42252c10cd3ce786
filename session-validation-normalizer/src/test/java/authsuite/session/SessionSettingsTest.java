package authsuite.session;

import authsuite.common.config.ConfigException;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestServices;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The session settings have documented defaults and are validated at start, every problem named")
class SessionSettingsTest {

  @Test
  @DisplayName("defaults: cookie session_id, 30 min idle, 12 h absolute, breaker reset 5 s, Redis timeout 1 s")
  void defaults() {
    SessionSettings settings = SessionSettings.from(SuiteConfig.from(TestServices.embeddedConfig()));
    assertThat(settings).isEqualTo(new SessionSettings("session_id", Duration.ofMinutes(30), Duration.ofHours(12),
        Duration.ofSeconds(5), Duration.ofSeconds(1)));
    assertThat(settings.retryAfterSeconds()).isEqualTo(5);
  }

  @Test
  @DisplayName("wrong values are refused at start, naming each variable")
  void invalid() {
    assertThatThrownBy(() -> SuiteConfig.from(TestServices.embeddedConfig()
        .put(SessionSettings.IDLE_TIMEOUT_S, "soon")
        .put(SessionSettings.ABSOLUTE_TIMEOUT_S, "0")
        .put(SessionSettings.BREAKER_RESET_MS, "5")
        .put(SessionSettings.REDIS_TIMEOUT_MS, "-1")
        .put(SessionSettings.COOKIE_NAME, "no spaces; please")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(5))
        .hasMessageContaining(SessionSettings.IDLE_TIMEOUT_S).hasMessageContaining(SessionSettings.ABSOLUTE_TIMEOUT_S)
        .hasMessageContaining(SessionSettings.BREAKER_RESET_MS).hasMessageContaining(SessionSettings.REDIS_TIMEOUT_MS)
        .hasMessageContaining(SessionSettings.COOKIE_NAME);
  }
}
