package authsuite.common.config;

import authsuite.common.testing.TestServices;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A declared setting: its default, what it accepts, and a secret never echoed")
class SettingTest {
  private static final Setting TIMEOUT = Setting.number("EXAMPLE_TIMEOUT_MS", 1_500, 10, 60_000);
  private static final Setting KEY = Setting.text("EXAMPLE_KEY", null).must(key -> key.length() >= 8, "at least 8 characters").secret();

  @Test
  @DisplayName("unset or blank reads the default; set reads the value")
  void defaults() {
    assertThat(TIMEOUT.millis(SuiteConfig.from(TestServices.embeddedConfig()))).isEqualTo(Duration.ofMillis(1_500));
    assertThat(TIMEOUT.text(new JsonObject().put("EXAMPLE_TIMEOUT_MS", "  "))).isEqualTo("1500");
    assertThat(TIMEOUT.number(SuiteConfig.from(TestServices.embeddedConfig().put("EXAMPLE_TIMEOUT_MS", "250")))).isEqualTo(250);
    assertThat(KEY.value(SuiteConfig.from(TestServices.embeddedConfig()))).isEmpty();
  }

  @Test
  @DisplayName("a number outside its range or not a number is named with the range and the value")
  void numbers() {
    assertThat(TIMEOUT.check(new JsonObject().put("EXAMPLE_TIMEOUT_MS", "60000"))).isEmpty();
    assertThat(TIMEOUT.check(new JsonObject().put("EXAMPLE_TIMEOUT_MS", "9"))).get().hasToString(
        "EXAMPLE_TIMEOUT_MS: must be a whole number between 10 and 60000, was '9'");
    assertThat(TIMEOUT.check(new JsonObject().put("EXAMPLE_TIMEOUT_MS", "1e3"))).isPresent();
  }

  @Test
  @DisplayName("a secret that breaks its rule is named without its value; a flag accepts only true or false")
  void secretsAndFlags() {
    assertThat(KEY.check(new JsonObject().put("EXAMPLE_KEY", "short"))).get().hasToString("EXAMPLE_KEY: must be at least 8 characters");
    assertThat(KEY.isSecret()).isTrue();
    Setting flag = Setting.flag("EXAMPLE_ENABLED", false);
    assertThat(flag.check(new JsonObject().put("EXAMPLE_ENABLED", "TRUE"))).isEmpty();
    assertThat(flag.check(new JsonObject().put("EXAMPLE_ENABLED", "yes"))).get().hasToString("EXAMPLE_ENABLED: must be true or false, was 'yes'");
  }
}
