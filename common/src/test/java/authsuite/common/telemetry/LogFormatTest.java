package authsuite.common.telemetry;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Logs are JSON except for a developer at a terminal, or when AUTHSUITE_LOG_FORMAT says")
class LogFormatTest {
  @Test
  @DisplayName("dev profile (the default) at a terminal: text; piped, or in prod: JSON")
  void byProfileAndTerminal() {
    assertThat(LogFormat.choose(Map.of(), null, true)).isEqualTo("text");
    assertThat(LogFormat.choose(Map.of(), null, false)).isEqualTo("json");
    assertThat(LogFormat.choose(Map.of("SUITE_PROFILE", "prod"), null, true)).isEqualTo("json");
  }

  @Test
  @DisplayName("AUTHSUITE_LOG_FORMAT wins either way; a value it does not know is ignored")
  void explicitChoice() {
    assertThat(LogFormat.choose(Map.of("AUTHSUITE_LOG_FORMAT", "json"), null, true)).isEqualTo("json");
    assertThat(LogFormat.choose(Map.of("AUTHSUITE_LOG_FORMAT", "TEXT", "SUITE_PROFILE", "prod"), null, false)).isEqualTo("text");
    assertThat(LogFormat.choose(Map.of("AUTHSUITE_LOG_FORMAT", "xml"), null, false)).isEqualTo("json");
  }
}
