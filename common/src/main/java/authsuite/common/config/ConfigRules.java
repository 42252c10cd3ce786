package authsuite.common.config;

import authsuite.common.SuiteService;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The validation behind {@link SuiteConfig#from}: every rule runs, every problem is reported. */
final class ConfigRules {
  private static final Set<String> ISSUER_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern QUALIFIED_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");
  private static final Pattern IP_ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:]{2,39}");
  private static final Pattern CORS_ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:]+\\](:[0-9]{1,5})?");
  private static final Pattern GRANT_NAME = Pattern.compile("[A-Za-z0-9:._-]{1,64}");

  /** A whole-number setting and its accepted range. */
  private record Bounded(String name, int min, int max) {
  }

  /** Every whole-number setting of every service, with its range: one table to read them all. */
  private static final List<Bounded> BOUNDED = List.of(
      new Bounded(SuiteConfig.REGISTRY_HEARTBEAT_MS, 100, 600_000),
      new Bounded(SuiteConfig.SHUTDOWN_DELAY_S, 0, 300),
      new Bounded(SuiteConfig.SHUTDOWN_TIMEOUT_S, 1, 600),
      new Bounded("HTTP_IDLE_TIMEOUT_S", 1, 3_600),
      new Bounded("HTTP_HEADER_TIMEOUT_MS", 100, 300_000),
      new Bounded("HTTP_BODY_TIMEOUT_MS", 100, 600_000),
      new Bounded("JWT_LEEWAY_S", 0, 300),
      new Bounded("JWT_ACCESS_TTL_S", 10, 86_400),
      new Bounded("JWT_REFRESH_TTL_S", 60, 90 * 86_400),
      new Bounded("JWT_REFRESH_REUSE_GRACE_S", 0, 300),
      new Bounded("JWT_JWKS_REFRESH_S", 10, 86_400),
      new Bounded("JWT_JWKS_MIN_REFETCH_S", 0, 3_600),
      new Bounded("EMERGENCY_TOKEN_TTL_S", 30, 900),
      new Bounded("COORDINATOR_PROBE_INTERVAL_MS", 50, 600_000),
      new Bounded("COORDINATOR_PROBE_TIMEOUT_MS", 10, 60_000),
      new Bounded("COORDINATOR_CIRCUIT_MAX_FAILURES", 1, 100),
      new Bounded("COORDINATOR_CIRCUIT_RESET_MS", 50, 600_000),
      new Bounded("COORDINATOR_MODE_FAIL_ROUNDS", 1, 100),
      new Bounded("COORDINATOR_MODE_RECOVER_ROUNDS", 1, 100),
      new Bounded("COORDINATOR_MAX_STREAMS", 1, 100_000),
      new Bounded("WS_AUTH_TIMEOUT_S", 1, 300),
      new Bounded("WS_MAX_CONNECTIONS_PER_USER", 1, 100_000),
      new Bounded("WS_MAX_FRAME_BYTES", 16, 65_536),
      new Bounded("WS_MAX_MESSAGES_PER_S", 1, 1_000_000),
      new Bounded("SESSION_IDLE_TIMEOUT_S", 1, 30 * 86_400),
      new Bounded("SESSION_ABSOLUTE_TIMEOUT_S", 1, 90 * 86_400),
      new Bounded("SESSION_BREAKER_RESET_MS", 100, 600_000),
      new Bounded("SESSION_REDIS_TIMEOUT_MS", 10, 60_000),
      new Bounded("FALLBACK_USER_ATTEMPTS_PER_MIN", 1, 10_000),
      new Bounded("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", 1, 1_000_000),
      new Bounded("FALLBACK_PROBE_INTERVAL_MS", 100, 600_000),
      new Bounded("FALLBACK_PROBE_FAILURES", 1, 100),
      new Bounded("FALLBACK_AUDIT_REPLAY_MS", 100, 600_000),
      new Bounded("FALLBACK_DB_TIMEOUT_MS", 100, 60_000),
      new Bounded("FALLBACK_DB_BREAKER_RESET_MS", 100, 600_000),
      new Bounded("FALLBACK_BCRYPT_COST", 4, 31),
      new Bounded("FALLBACK_BCRYPT_WORKERS", 1, 64),
      new Bounded("FALLBACK_BCRYPT_QUEUE", 1, 100_000));

  /** Names this class validates by a literal rather than a constant or the table above. */
  private static final List<String> FALLBACK_COLUMNS = List.of("FALLBACK_USERS_ID_COLUMN", "FALLBACK_USERS_EMAIL_COLUMN",
      "FALLBACK_USERS_USERNAME_COLUMN", "FALLBACK_USERS_PASSWORD_COLUMN", "FALLBACK_USERS_ACTIVE_COLUMN");
  private static final List<String> OTHER_VALIDATED = List.of("PRIMARY_AUTH_HEALTH_PATH", "WS_POLICY", "SESSION_COOKIE_NAME",
      SessionSources.SESSION_SOURCES,
      "FALLBACK_USERS_TABLE", "FALLBACK_ROLES", "FALLBACK_SCOPES", "FALLBACK_PROBE_PATH", "FALLBACK_TRUSTED_PROXIES", "FALLBACK_ENABLED");

  private ConfigRules() {
  }

  /** Every setting name a rule of this class reads, for {@link SettingNames}. */
  static List<String> validatedNames() {
    List<String> names = new ArrayList<>(OTHER_VALIDATED);
    names.addAll(FALLBACK_COLUMNS);
    BOUNDED.forEach(setting -> names.add(setting.name()));
    return names;
  }

  static List<ConfigProblem> check(JsonObject values) {
    List<ConfigProblem> problems = new ArrayList<>();
    Profile profile = checkProfile(values, problems);
    checkSecrets(values, problems);
    if (profile == Profile.PROD) {
      for (String dependency : List.of(SuiteConfig.REDIS_URL, SuiteConfig.DATABASE_URL)) {
        if (text(values, dependency) == null) {
          problems.add(new ConfigProblem(dependency, "missing (required in the prod profile; or set " + dependency + "_FILE)"));
        }
      }
    }
    checkRedis(values, problems);
    checkUrl(values, SuiteConfig.DATABASE_URL, Set.of("postgresql", "postgres"), problems);
    checkUrl(values, SuiteConfig.PRIMARY_AUTH_URL, Set.of("http", "https"), problems);
    checkUrl(values, SuiteConfig.CHAT_UPSTREAM_URL, Set.of("ws", "wss", "http", "https"), problems);
    for (SuiteService service : SuiteService.values()) {
      checkInteger(values, service.portVariable(), 0, 65535, problems);
      checkUrl(values, service.urlVariable(), Set.of("http", "https"), problems);
    }
    checkBoolean(values, SuiteConfig.PORT_FALLBACK, problems);
    BOUNDED.forEach(setting -> checkInteger(values, setting.name(), setting.min(), setting.max(), problems));
    checkCorsOrigins(values, problems);
    checkDemoStandIns(values, profile, problems);
    String healthPath = text(values, "PRIMARY_AUTH_HEALTH_PATH");
    if (healthPath != null && (!healthPath.startsWith("/") || healthPath.contains("://"))) {
      problems.add(new ConfigProblem("PRIMARY_AUTH_HEALTH_PATH", "must be a path starting with '/', was '" + healthPath + "'"));
    }
    checkIssuers(values.getValue(SuiteConfig.JWT_ISSUERS), problems);
    checkWebSocketPolicy(values.getValue("WS_POLICY"), problems);
    checkSessions(values, problems);
    checkFallback(values, problems);
    return problems;
  }

  private static Profile checkProfile(JsonObject values, List<ConfigProblem> problems) {
    String profile = text(values, SuiteConfig.SUITE_PROFILE);
    if (profile == null) {
      return Profile.DEV;
    }
    try {
      return Profile.parse(profile);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(SuiteConfig.SUITE_PROFILE, "must be dev or prod, was '" + profile + "'"));
      return Profile.DEV;
    }
  }

  private static void checkSecrets(JsonObject values, List<ConfigProblem> problems) {
    for (String name : List.of(Secrets.JWT_SECRET_KEY, Secrets.JWT_SECRET_KEY_PREVIOUS, Secrets.SERVICE_SECRET, Secrets.EMERGENCY_SIGNING_KEY)) {
      String secret = text(values, name);
      if (secret == null) {
        if (Secrets.REQUIRED.contains(name) && text(values, name + "_FILE") == null) {
          problems.add(new ConfigProblem(name, "missing (required; set " + name + " or " + name + "_FILE)"));
        }
      } else if (Secrets.byteLength(secret) < Secrets.MIN_HMAC_KEY_BYTES) {
        problems.add(new ConfigProblem(name, "too short for HS256: " + Secrets.byteLength(secret)
            + " bytes, at least " + Secrets.MIN_HMAC_KEY_BYTES + " required"));
      }
    }
    String jwt = text(values, Secrets.JWT_SECRET_KEY);
    String service = text(values, Secrets.SERVICE_SECRET);
    String emergency = text(values, Secrets.EMERGENCY_SIGNING_KEY);
    String previous = text(values, Secrets.JWT_SECRET_KEY_PREVIOUS);
    if (emergency != null && (emergency.equals(jwt) || emergency.equals(service) || emergency.equals(previous))) {
      problems.add(new ConfigProblem(Secrets.EMERGENCY_SIGNING_KEY, "must differ from every other key"));
    }
    if (service != null && (service.equals(jwt) || service.equals(previous))) {
      problems.add(new ConfigProblem(Secrets.SERVICE_SECRET, "must differ from JWT_SECRET_KEY and JWT_SECRET_KEY_PREVIOUS"));
    }
  }

  private static void checkRedis(JsonObject values, List<ConfigProblem> problems) {
    String urls = text(values, SuiteConfig.REDIS_URL);
    String mode = text(values, SuiteConfig.REDIS_MODE);
    if (mode != null && !Set.of("standalone", "sentinel", "cluster").contains(mode.toLowerCase())) {
      problems.add(new ConfigProblem(SuiteConfig.REDIS_MODE, "must be standalone, sentinel or cluster, was '" + mode + "'"));
    }
    if (urls == null) {
      return;
    }
    List<String> nodes = SuiteConfig.splitList(urls);
    if (nodes.isEmpty()) {
      problems.add(new ConfigProblem(SuiteConfig.REDIS_URL, "is empty"));
    }
    for (String node : nodes) {
      String problem = urlProblem(node, Set.of("redis", "rediss"));
      if (problem != null) {
        problems.add(new ConfigProblem(SuiteConfig.REDIS_URL, problem));
      }
    }
    if ("standalone".equalsIgnoreCase(Objects.requireNonNullElse(mode, "standalone")) && nodes.size() > 1) {
      problems.add(new ConfigProblem(SuiteConfig.REDIS_URL, "lists " + nodes.size() + " nodes; set REDIS_MODE=sentinel or cluster"));
    }
    if ("sentinel".equalsIgnoreCase(mode) && text(values, SuiteConfig.REDIS_MASTER_NAME) == null) {
      problems.add(new ConfigProblem(SuiteConfig.REDIS_MASTER_NAME, "missing (required with REDIS_MODE=sentinel)"));
    }
  }

  private static void checkUrl(JsonObject values, String name, Set<String> schemes, List<ConfigProblem> problems) {
    String url = text(values, name);
    if (url != null) {
      String problem = urlProblem(url, schemes);
      if (problem != null) {
        problems.add(new ConfigProblem(name, problem));
      }
    }
  }

  /** The problem with a URL, worded without echoing it: URLs may carry passwords. */
  private static String urlProblem(String url, Set<String> schemes) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase())) {
        return "must be a URL with scheme " + String.join(" or ", schemes.stream().sorted().toList());
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        return "must name a host";
      }
      return null;
    } catch (URISyntaxException e) {
      return "is not a valid URL (" + e.getReason() + ")";
    }
  }

  private static void checkInteger(JsonObject values, String name, int min, int max, List<ConfigProblem> problems) {
    String value = text(values, name);
    if (value == null) {
      return;
    }
    try {
      int number = Integer.parseInt(value);
      if (number < min || number > max) {
        problems.add(new ConfigProblem(name, "must be between " + min + " and " + max + ", was " + number));
      }
    } catch (NumberFormatException e) {
      problems.add(new ConfigProblem(name, "must be a number, was '" + value + "'"));
    }
  }

  /** The session-validation-normalizer's settings (names and defaults in its SessionSettings and docs/configuration.md). */
  private static void checkSessions(JsonObject values, List<ConfigProblem> problems) {
    String cookie = text(values, "SESSION_COOKIE_NAME");
    if (cookie != null && !cookie.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
      problems.add(new ConfigProblem("SESSION_COOKIE_NAME", "must be a cookie name (1-64 token characters), was '" + cookie + "'"));
    }
    problems.addAll(SessionSources.check(values, cookie == null ? "session_id" : cookie));
  }

  /** Exact browser origins, comma-separated: scheme, host and optional port, nothing else (no wildcard, no path). */
  private static void checkCorsOrigins(JsonObject values, List<ConfigProblem> problems) {
    String origins = text(values, SuiteConfig.CORS_ALLOWED_ORIGINS);
    if (origins == null) {
      return;
    }
    for (String origin : origins.split(",")) {
      String trimmed = origin.trim();
      if (!CORS_ORIGIN.matcher(trimmed).matches()) {
        problems.add(new ConfigProblem(SuiteConfig.CORS_ALLOWED_ORIGINS,
            "must be comma-separated origins like https://app.example.com or http://127.0.0.1:3000 (no path, no wildcard), was '" + trimmed + "'"));
      }
    }
  }

  /** Development stand-ins answer sign-ins for anyone who knows the demo password: never in prod, not even when asked. */
  private static void checkDemoStandIns(JsonObject values, Profile profile, List<ConfigProblem> problems) {
    String mode = text(values, SuiteConfig.DEMO_STAND_INS);
    if (mode != null && !mode.equalsIgnoreCase("auto") && !mode.equalsIgnoreCase("off")) {
      problems.add(new ConfigProblem(SuiteConfig.DEMO_STAND_INS, "must be auto or off, was '" + mode + "'"));
    } else if (profile == Profile.PROD && mode != null && !mode.equalsIgnoreCase("off")) {
      problems.add(new ConfigProblem(SuiteConfig.DEMO_STAND_INS,
          "development stand-ins (a primary auth service that signs in a demo user, an echo chat) are refused in the prod profile; "
              + "set PRIMARY_AUTH_URL and CHAT_UPSTREAM_URL to the real services"));
    }
    checkInteger(values, SuiteConfig.DEMO_PRIMARY_AUTH_PORT, 0, 65535, problems);
    checkInteger(values, SuiteConfig.DEMO_CHAT_PORT, 0, 65535, problems);
  }

  private static void checkBoolean(JsonObject values, String name, List<ConfigProblem> problems) {
    String value = text(values, name);
    if (value != null && !value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      problems.add(new ConfigProblem(name, "must be true or false, was '" + value + "'"));
    }
  }

  private static void checkIssuers(Object raw, List<ConfigProblem> problems) {
    JsonArray issuers;
    try {
      issuers = jsonArray(raw);
    } catch (DecodeException | ClassCastException e) {
      problems.add(new ConfigProblem(SuiteConfig.JWT_ISSUERS, "must be a JSON array of issuer objects"));
      return;
    }
    for (int i = 0; i < issuers.size(); i++) {
      String where = SuiteConfig.JWT_ISSUERS + "[" + i + "]";
      if (!(issuers.getValue(i) instanceof JsonObject issuer)) {
        problems.add(new ConfigProblem(where, "must be an object with at least \"issuer\""));
        continue;
      }
      if (!(issuer.getValue("issuer") instanceof String url) || urlProblem(url, Set.of("http", "https")) != null) {
        problems.add(new ConfigProblem(where + ".issuer", "required, an http(s) URL"));
      }
      if (issuer.getValue("jwks_uri") instanceof String jwks && urlProblem(jwks, Set.of("http", "https")) != null) {
        problems.add(new ConfigProblem(where + ".jwks_uri", "must be an http(s) URL"));
      }
      if (issuer.getValue("algorithms") instanceof JsonArray algorithms) {
        for (Object algorithm : algorithms) {
          if (!ISSUER_ALGORITHMS.contains(String.valueOf(algorithm))) {
            problems.add(new ConfigProblem(where + ".algorithms", "'" + algorithm + "' is not an allowed algorithm"));
          }
        }
      }
      if (issuer.containsKey("leeway_s") && !(issuer.getValue("leeway_s") instanceof Number leeway && leeway.intValue() >= 0 && leeway.intValue() <= 300)) {
        problems.add(new ConfigProblem(where + ".leeway_s", "must be a number of seconds between 0 and 300"));
      }
    }
  }

  /** {@code WS_POLICY}: {"<role>": {"<channel pattern>": ["<action>", ...]}}, as JSON text or an object from suite.yaml. */
  private static void checkWebSocketPolicy(Object raw, List<ConfigProblem> problems) {
    if (raw == null || raw.toString().isBlank()) {
      return;
    }
    JsonObject policy;
    try {
      policy = raw instanceof JsonObject object ? object : new JsonObject(raw.toString());
    } catch (DecodeException | ClassCastException e) {
      problems.add(new ConfigProblem("WS_POLICY", "must be a JSON object {\"<role>\": {\"<channel pattern>\": [\"<action>\"]}}"));
      return;
    }
    for (String role : policy.fieldNames()) {
      if (!(policy.getValue(role) instanceof JsonObject channels)) {
        problems.add(new ConfigProblem("WS_POLICY." + role, "must be an object of channel patterns to action lists"));
        continue;
      }
      for (String pattern : channels.fieldNames()) {
        if (!(channels.getValue(pattern) instanceof JsonArray actions) || actions.stream().anyMatch(a -> !(a instanceof String))) {
          problems.add(new ConfigProblem("WS_POLICY." + role + "." + pattern, "must be an array of action names"));
        }
      }
    }
  }

  /**
   * The fallback provider's settings. Table and column names end up in SQL text (identifiers cannot be
   * bound as parameters), so they must be plain lower-case identifiers, the table optionally schema-qualified:
   * nothing a configuration value could smuggle SQL through.
   */
  private static void checkFallback(JsonObject values, List<ConfigProblem> problems) {
    String table = text(values, "FALLBACK_USERS_TABLE");
    if (table != null && !QUALIFIED_IDENTIFIER.matcher(table).matches()) {
      problems.add(new ConfigProblem("FALLBACK_USERS_TABLE", "must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63), optionally schema.table"));
    }
    for (String column : FALLBACK_COLUMNS) {
      String name = text(values, column);
      if (name != null && !IDENTIFIER.matcher(name).matches()) {
        problems.add(new ConfigProblem(column, "must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63)"));
      }
    }
    for (String list : List.of("FALLBACK_ROLES", "FALLBACK_SCOPES")) {
      String items = text(values, list);
      if (items != null && !SuiteConfig.splitList(items).stream().allMatch(item -> GRANT_NAME.matcher(item).matches())) {
        problems.add(new ConfigProblem(list, "must be a comma-separated list of names of [A-Za-z0-9:._-], at most 64 each"));
      }
    }
    String probePath = text(values, "FALLBACK_PROBE_PATH");
    if (probePath != null && (!probePath.startsWith("/") || probePath.length() > 256)) {
      problems.add(new ConfigProblem("FALLBACK_PROBE_PATH", "must be a path starting with /"));
    }
    String proxies = text(values, "FALLBACK_TRUSTED_PROXIES");
    if (proxies != null && !SuiteConfig.splitList(proxies).stream().allMatch(ip -> IP_ADDRESS.matcher(ip).matches())) {
      problems.add(new ConfigProblem("FALLBACK_TRUSTED_PROXIES", "must be a comma-separated list of IP addresses"));
    }
    checkBoolean(values, "FALLBACK_ENABLED", problems);
  }

  /**
   * A setting that holds a JSON array ({@code JWT_ISSUERS}, {@code SESSION_SOURCES}): its text from the
   * environment, or an array from suite.yaml; empty when unset.
   */
  static JsonArray jsonArray(Object raw) {
    if (raw == null) {
      return new JsonArray();
    }
    if (raw instanceof JsonArray array) {
      return array;
    }
    String text = raw.toString().trim();
    return text.isEmpty() ? new JsonArray() : new JsonArray(text);
  }

  static String text(JsonObject values, String name) {
    Object value = values.getValue(name);
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }
}
