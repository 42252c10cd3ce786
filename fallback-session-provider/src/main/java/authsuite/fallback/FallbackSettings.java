package authsuite.fallback;

import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fallback provider's own settings, declared here with their defaults and what each accepts
 * ({@link FallbackSettingsDeclaration}); the users-table identifiers are plain lower-case names, so they can be spliced
 * into SQL.
 */
record FallbackSettings(List<String> roles, List<String> scopes, UsersTable users, Optional<String> breakGlassFile,
                        String auditFile, Duration auditReplay, int userAttemptsPerMinute, int addressAttemptsPerMinute,
                        Optional<String> primaryAuthUrl, String probePath, Duration probeInterval, int probeFailures,
                        boolean operatorEnabled, int bcryptCost, int bcryptWorkers, int bcryptQueue,
                        Set<String> trustedProxies, Duration dbTimeout, Duration dbBreakerReset) {

  /** The primary auth service's users table: where to find a user by username or email. */
  record UsersTable(String table, String id, String email, String username, String password, String active) {
  }

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern QUALIFIED_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");
  private static final Pattern IP_ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]{2,39}");
  private static final Pattern GRANT_NAME = Pattern.compile("[A-Za-z0-9:._-]{1,64}");

  private static final Setting ROLES = list("FALLBACK_ROLES", "emergency", GRANT_NAME, "names of [A-Za-z0-9:._-], at most 64 each");
  private static final Setting SCOPES = list("FALLBACK_SCOPES", "read", GRANT_NAME, "names of [A-Za-z0-9:._-], at most 64 each");
  /**
   * Table and column names end up in SQL text (identifiers cannot be bound as parameters), so they must be plain
   * lower-case identifiers, the table optionally schema-qualified: nothing a configuration value could smuggle SQL through.
   */
  private static final Setting USERS_TABLE = Setting.text("FALLBACK_USERS_TABLE", "users").must(QUALIFIED_IDENTIFIER.asMatchPredicate(),
      "a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63), optionally schema.table");
  private static final Setting ID_COLUMN = column("FALLBACK_USERS_ID_COLUMN", "id");
  private static final Setting EMAIL_COLUMN = column("FALLBACK_USERS_EMAIL_COLUMN", "email");
  private static final Setting USERNAME_COLUMN = column("FALLBACK_USERS_USERNAME_COLUMN", "username");
  private static final Setting PASSWORD_COLUMN = column("FALLBACK_USERS_PASSWORD_COLUMN", "hashed_password");
  private static final Setting ACTIVE_COLUMN = column("FALLBACK_USERS_ACTIVE_COLUMN", "is_active");
  private static final Setting BREAK_GLASS_FILE = FallbackSettingsDeclaration.BREAK_GLASS_FILE;
  private static final Setting AUDIT_FILE = Setting.text("FALLBACK_AUDIT_FILE", "fallback-audit.jsonl");
  private static final Setting AUDIT_REPLAY = Setting.number("FALLBACK_AUDIT_REPLAY_MS", 5_000, 100, 600_000);
  private static final Setting USER_ATTEMPTS = Setting.number("FALLBACK_USER_ATTEMPTS_PER_MIN", 5, 1, 10_000);
  private static final Setting ADDRESS_ATTEMPTS = Setting.number("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", 30, 1, 1_000_000);
  private static final Setting PROBE_PATH = Setting.text("FALLBACK_PROBE_PATH", "/health")
      .must(path -> path.startsWith("/") && path.length() <= 256, "a path starting with /");
  private static final Setting PROBE_INTERVAL = Setting.number("FALLBACK_PROBE_INTERVAL_MS", 5_000, 100, 600_000);
  private static final Setting PROBE_FAILURES = Setting.number("FALLBACK_PROBE_FAILURES", 2, 1, 100);
  private static final Setting ENABLED = Setting.flag("FALLBACK_ENABLED", false);
  private static final Setting BCRYPT_COST = FallbackSettingsDeclaration.BCRYPT_COST;
  private static final Setting BCRYPT_WORKERS =
      Setting.number("FALLBACK_BCRYPT_WORKERS", Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 1, 64);
  private static final Setting BCRYPT_QUEUE = Setting.number("FALLBACK_BCRYPT_QUEUE", 128, 1, 100_000);
  private static final Setting TRUSTED_PROXIES = list("FALLBACK_TRUSTED_PROXIES", "", IP_ADDRESS, "IP addresses");
  private static final Setting DB_TIMEOUT = Setting.number("FALLBACK_DB_TIMEOUT_MS", 2_000, 100, 60_000);
  private static final Setting DB_BREAKER_RESET = Setting.number("FALLBACK_DB_BREAKER_RESET_MS", 5_000, 100, 600_000);
  static final List<Setting> DECLARED = List.of(ROLES, SCOPES, USERS_TABLE, ID_COLUMN, EMAIL_COLUMN, USERNAME_COLUMN,
      PASSWORD_COLUMN, ACTIVE_COLUMN, BREAK_GLASS_FILE, AUDIT_FILE, AUDIT_REPLAY, USER_ATTEMPTS, ADDRESS_ATTEMPTS, PROBE_PATH,
      PROBE_INTERVAL, PROBE_FAILURES, ENABLED, BCRYPT_COST, BCRYPT_WORKERS, BCRYPT_QUEUE, TRUSTED_PROXIES, DB_TIMEOUT,
      DB_BREAKER_RESET);

  static FallbackSettings from(SuiteConfig config) {
    return new FallbackSettings(
        items(ROLES, config),
        items(SCOPES, config),
        new UsersTable(USERS_TABLE.text(config), ID_COLUMN.text(config), EMAIL_COLUMN.text(config), USERNAME_COLUMN.text(config),
            PASSWORD_COLUMN.text(config), ACTIVE_COLUMN.text(config)),
        BREAK_GLASS_FILE.value(config),
        AUDIT_FILE.text(config),
        AUDIT_REPLAY.millis(config),
        USER_ATTEMPTS.number(config),
        ADDRESS_ATTEMPTS.number(config),
        config.primaryAuthUrl(),
        PROBE_PATH.text(config),
        PROBE_INTERVAL.millis(config),
        PROBE_FAILURES.number(config),
        ENABLED.flag(config),
        BCRYPT_COST.number(config),
        BCRYPT_WORKERS.number(config),
        BCRYPT_QUEUE.number(config),
        Set.copyOf(items(TRUSTED_PROXIES, config)),
        DB_TIMEOUT.millis(config),
        DB_BREAKER_RESET.millis(config));
  }

  private static Setting column(String name, String fallback) {
    return Setting.text(name, fallback).must(IDENTIFIER.asMatchPredicate(), "a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63)");
  }

  /** A comma-separated list whose every item matches {@code item}. */
  private static Setting list(String name, String fallback, Pattern item, String items) {
    return Setting.text(name, fallback).must(value -> split(value).stream().allMatch(item.asMatchPredicate()),
        "a comma-separated list of " + items);
  }

  private static List<String> items(Setting list, SuiteConfig config) {
    return split(list.text(config));
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
