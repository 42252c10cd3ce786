package authsuite.fallback;

import authsuite.common.config.SuiteConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fallback provider's own settings (validated at start by common's ConfigRules, which keeps
 * the users-table identifiers to plain lower-case names, so they can be spliced into SQL).
 */
record FallbackSettings(List<String> roles, List<String> scopes, UsersTable users, Optional<String> breakGlassFile,
                        String auditFile, Duration auditReplay, int userAttemptsPerMinute, int addressAttemptsPerMinute,
                        Optional<String> primaryAuthUrl, String probePath, Duration probeInterval, int probeFailures,
                        boolean operatorEnabled, int bcryptCost, int bcryptWorkers, int bcryptQueue,
                        Set<String> trustedProxies, Duration dbTimeout, Duration dbBreakerReset) {

  /** The primary auth service's users table: where to find a user by username or email. */
  record UsersTable(String table, String id, String email, String username, String password, String active) {
  }

  static FallbackSettings from(SuiteConfig config) {
    return new FallbackSettings(
        list(config, "FALLBACK_ROLES", "emergency"),
        list(config, "FALLBACK_SCOPES", "read"),
        new UsersTable(
            config.value("FALLBACK_USERS_TABLE").orElse("users"),
            config.value("FALLBACK_USERS_ID_COLUMN").orElse("id"),
            config.value("FALLBACK_USERS_EMAIL_COLUMN").orElse("email"),
            config.value("FALLBACK_USERS_USERNAME_COLUMN").orElse("username"),
            config.value("FALLBACK_USERS_PASSWORD_COLUMN").orElse("hashed_password"),
            config.value("FALLBACK_USERS_ACTIVE_COLUMN").orElse("is_active")),
        config.value("FALLBACK_BREAK_GLASS_FILE"),
        config.value("FALLBACK_AUDIT_FILE").orElse("fallback-audit.jsonl"),
        Duration.ofMillis(config.number("FALLBACK_AUDIT_REPLAY_MS", 5_000)),
        (int) config.number("FALLBACK_USER_ATTEMPTS_PER_MIN", 5),
        (int) config.number("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", 30),
        config.primaryAuthUrl(),
        config.value("FALLBACK_PROBE_PATH").orElse("/health"),
        Duration.ofMillis(config.number("FALLBACK_PROBE_INTERVAL_MS", 5_000)),
        (int) config.number("FALLBACK_PROBE_FAILURES", 2),
        Boolean.parseBoolean(config.value("FALLBACK_ENABLED").orElse("false")),
        (int) config.number("FALLBACK_BCRYPT_COST", 12),
        (int) config.number("FALLBACK_BCRYPT_WORKERS", Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
        (int) config.number("FALLBACK_BCRYPT_QUEUE", 128),
        Set.copyOf(list(config, "FALLBACK_TRUSTED_PROXIES", "")),
        Duration.ofMillis(config.number("FALLBACK_DB_TIMEOUT_MS", 2_000)),
        Duration.ofMillis(config.number("FALLBACK_DB_BREAKER_RESET_MS", 5_000)));
  }

  private static List<String> list(SuiteConfig config, String name, String fallback) {
    return Arrays.stream(config.value(name).orElse(fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
