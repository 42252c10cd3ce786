package authsuite.session;

import authsuite.common.config.SuiteConfig;
import java.time.Duration;

/**
 * The service's own settings (checked at start by common's ConfigRules):
 * {@code SESSION_COOKIE_NAME} (default {@code session_id}), {@code SESSION_IDLE_TIMEOUT_S} (sliding, default
 * 1800), {@code SESSION_ABSOLUTE_TIMEOUT_S} (from creation, default 43200), {@code SESSION_BREAKER_RESET_MS}
 * (how long the Redis breaker stays open before a trial, default 5000) and {@code SESSION_REDIS_TIMEOUT_MS}
 * (a Redis call slower than this counts as a failure, default 1000).
 */
record SessionSettings(String cookieName, Duration idleTimeout, Duration absoluteLifetime, Duration breakerReset,
                       Duration redisTimeout) {
  static final String COOKIE_NAME = "SESSION_COOKIE_NAME";
  static final String IDLE_TIMEOUT_S = "SESSION_IDLE_TIMEOUT_S";
  static final String ABSOLUTE_TIMEOUT_S = "SESSION_ABSOLUTE_TIMEOUT_S";
  static final String BREAKER_RESET_MS = "SESSION_BREAKER_RESET_MS";
  static final String REDIS_TIMEOUT_MS = "SESSION_REDIS_TIMEOUT_MS";

  static SessionSettings from(SuiteConfig config) {
    return new SessionSettings(
        config.value(COOKIE_NAME).orElse("session_id"),
        Duration.ofSeconds(config.number(IDLE_TIMEOUT_S, 1_800)),
        Duration.ofSeconds(config.number(ABSOLUTE_TIMEOUT_S, 43_200)),
        Duration.ofMillis(config.number(BREAKER_RESET_MS, 5_000)),
        Duration.ofMillis(config.number(REDIS_TIMEOUT_MS, 1_000)));
  }

  /** Seconds a client should wait before asking again while the store is unreachable. */
  int retryAfterSeconds() {
    return (int) Math.max(1, (breakerReset.toMillis() + 999) / 1000);
  }
}
