package authsuite.fallback;

import authsuite.common.config.ConfigException;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestServices;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The fallback settings are checked at start: no SQL can come in through a table or column name")
class FallbackSettingsTest {

  @Test
  @DisplayName("defaults: users(id, email, username, hashed_password, is_active), role emergency, scope read, 5 tries a minute")
  void defaults() {
    FallbackSettings settings = FallbackSettings.from(SuiteConfig.from(TestServices.embeddedConfig()));
    assertThat(settings.users()).isEqualTo(new FallbackSettings.UsersTable("users", "id", "email", "username", "hashed_password", "is_active"));
    assertThat(settings.roles()).containsExactly("emergency");
    assertThat(settings.scopes()).containsExactly("read");
    assertThat(settings.userAttemptsPerMinute()).isEqualTo(5);
  }

  @Test
  @DisplayName("a schema-qualified table and plain column names are accepted")
  void plainNames() {
    FallbackSettings settings = FallbackSettings.from(SuiteConfig.from(TestServices.embeddedConfig()
        .put("FALLBACK_USERS_TABLE", "auth.app_users").put("FALLBACK_USERS_PASSWORD_COLUMN", "password_hash")));
    assertThat(settings.users().table()).isEqualTo("auth.app_users");
    assertThat(settings.users().password()).isEqualTo("password_hash");
  }

  @Test
  @DisplayName("anything else in an identifier, bad numbers and odd role names are all reported at once, by name")
  void hostileNames() {
    assertThatThrownBy(() -> SuiteConfig.from(TestServices.embeddedConfig()
        .put("FALLBACK_USERS_TABLE", "users; DROP TABLE users")
        .put("FALLBACK_USERS_ID_COLUMN", "id\" --")
        .put("FALLBACK_USERS_EMAIL_COLUMN", "Email")
        .put("FALLBACK_USERS_ACTIVE_COLUMN", "a.b")
        .put("FALLBACK_ROLES", "ok,not ok")
        .put("FALLBACK_USER_ATTEMPTS_PER_MIN", "0")
        .put("FALLBACK_ENABLED", "yes")
        .put("FALLBACK_TRUSTED_PROXIES", "10.0.0.1, not-an-ip")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("FALLBACK_USERS_TABLE")
        .hasMessageContaining("FALLBACK_USERS_ID_COLUMN")
        .hasMessageContaining("FALLBACK_USERS_EMAIL_COLUMN")
        .hasMessageContaining("FALLBACK_USERS_ACTIVE_COLUMN")
        .hasMessageContaining("FALLBACK_ROLES")
        .hasMessageContaining("FALLBACK_USER_ATTEMPTS_PER_MIN")
        .hasMessageContaining("FALLBACK_ENABLED")
        .hasMessageContaining("FALLBACK_TRUSTED_PROXIES");
  }
}
