package authsuite.session;

import authsuite.common.config.ConfigProblem;
import authsuite.common.config.SessionSources;
import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * The service's own settings, declared here with their defaults and ranges ({@link SessionSettingsDeclaration}): the
 * session cookie's name, the sliding idle and the absolute lifetime, how long the Redis breaker stays open before a
 * trial, and how slow a Redis call may be before it counts as a failure.
 */
record SessionSettings(String cookieName, Duration idleTimeout, Duration absoluteLifetime, Duration breakerReset,
                       Duration redisTimeout) {
  static final String COOKIE_NAME = "SESSION_COOKIE_NAME";
  static final String IDLE_TIMEOUT_S = "SESSION_IDLE_TIMEOUT_S";
  static final String ABSOLUTE_TIMEOUT_S = "SESSION_ABSOLUTE_TIMEOUT_S";
  static final String BREAKER_RESET_MS = "SESSION_BREAKER_RESET_MS";
  static final String REDIS_TIMEOUT_MS = "SESSION_REDIS_TIMEOUT_MS";

  private static final Setting COOKIE = Setting.text(COOKIE_NAME, "session_id")
      .must(name -> name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}"), "a cookie name (1-64 token characters)");
  private static final Setting IDLE_TIMEOUT = Setting.number(IDLE_TIMEOUT_S, 1_800, 1, 30 * 86_400);
  private static final Setting ABSOLUTE_TIMEOUT = Setting.number(ABSOLUTE_TIMEOUT_S, 43_200, 1, 90 * 86_400);
  private static final Setting BREAKER_RESET = Setting.number(BREAKER_RESET_MS, 5_000, 100, 600_000);
  private static final Setting REDIS_TIMEOUT = Setting.number(REDIS_TIMEOUT_MS, 1_000, 10, 60_000);
  static final List<Setting> DECLARED = List.of(COOKIE, IDLE_TIMEOUT, ABSOLUTE_TIMEOUT, BREAKER_RESET, REDIS_TIMEOUT);

  static SessionSettings from(SuiteConfig config) {
    return new SessionSettings(COOKIE.text(config), IDLE_TIMEOUT.seconds(config), ABSOLUTE_TIMEOUT.seconds(config),
        BREAKER_RESET.millis(config), REDIS_TIMEOUT.millis(config));
  }

  /** The platform's own session sources ({@code SESSION_SOURCES}, read by the config loader) must not shadow our cookie. */
  static void checkSources(JsonObject values, List<ConfigProblem> problems) {
    problems.addAll(SessionSources.check(values, COOKIE.text(values)));
  }

  /** Seconds a client should wait before asking again while the store is unreachable. */
  int retryAfterSeconds() {
    return (int) Math.max(1, (breakerReset.toMillis() + 999) / 1000);
  }
}
