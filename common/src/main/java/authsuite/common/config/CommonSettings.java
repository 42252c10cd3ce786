package authsuite.common.config;

import authsuite.common.SuiteService;
import authsuite.common.http.HttpDeadlines;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.telemetry.LogFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings every service reads through this module: the profile, where Redis, PostgreSQL, the primary auth service
 * and the chat upstream are, the keys, each service's port and address, the HTTP deadlines, the token rules and the
 * logs. A service's own settings are declared in its module.
 */
public final class CommonSettings extends SettingsDeclaration {
  public CommonSettings() {
    super(settings(), ConfigRules::checkCommon);
  }

  private static List<Setting> settings() {
    List<Setting> settings = new ArrayList<>();
    for (String name : List.of(SuiteConfig.SUITE_PROFILE, SuiteConfig.REDIS_MASTER_NAME, SuiteConfig.DATABASE_SCHEMA,
        SuiteConfig.PRIMARY_AUTH_URL, SuiteConfig.CHAT_UPSTREAM_URL, SuiteConfig.JWT_ISSUERS, SuiteConfig.CORS_ALLOWED_ORIGINS,
        ConfigLoader.SUITE_CONFIG, LogFormat.VARIABLE, LogFormat.LEVEL, LogFormat.ACCESS_LEVEL)) {
      settings.add(Setting.text(name, null));
    }
    Secrets.FILE_CAPABLE.forEach(name -> settings.add(Setting.text(name, null).secret()));
    settings.addAll(List.of(SuiteConfig.REDIS_MODE_SETTING, SuiteConfig.REDIS_KEY_PREFIX_SETTING, SuiteConfig.PORT_FALLBACK_SETTING,
        SuiteConfig.BIND_HOST_SETTING, SuiteConfig.ADVERTISED_HOST_SETTING, SuiteConfig.REGISTRY_HEARTBEAT, SuiteConfig.SHUTDOWN_DELAY,
        SuiteConfig.SHUTDOWN_TIMEOUT));
    for (SuiteService service : SuiteService.values()) {
      settings.add(Setting.number(service.portVariable(), service.defaultPort(), 0, 65_535));
      settings.add(Setting.text(service.urlVariable(), null));
    }
    settings.addAll(HttpDeadlines.SETTINGS);
    settings.addAll(JwtSettings.SETTINGS);
    return settings;
  }
}
