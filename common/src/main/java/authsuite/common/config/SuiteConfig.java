package authsuite.common.config;

import authsuite.common.SuiteService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The suite's configuration after precedence and secret files are applied (see {@link ConfigLoader}).
 * Built from the flat JSON every verticle receives as its {@code config()}; the names are the
 * environment variable names of docs/configuration.md, whatever the source.
 */
public final class SuiteConfig {
  public static final String SUITE_PROFILE = "SUITE_PROFILE";
  public static final String REDIS_URL = "REDIS_URL";
  public static final String REDIS_MODE = "REDIS_MODE";
  public static final String REDIS_MASTER_NAME = "REDIS_MASTER_NAME";
  public static final String REDIS_KEY_PREFIX = "REDIS_KEY_PREFIX";
  public static final String DATABASE_URL = "DATABASE_URL";
  public static final String DATABASE_SCHEMA = "DATABASE_SCHEMA";
  public static final String PRIMARY_AUTH_URL = "PRIMARY_AUTH_URL";
  public static final String CHAT_UPSTREAM_URL = "CHAT_UPSTREAM_URL";
  public static final String PORT_FALLBACK = "PORT_FALLBACK";
  public static final String BIND_HOST = "BIND_HOST";
  public static final String ADVERTISED_HOST = "ADVERTISED_HOST";
  public static final String JWT_ISSUERS = "JWT_ISSUERS";
  public static final String REGISTRY_HEARTBEAT_MS = "REGISTRY_HEARTBEAT_MS";
  public static final String SHUTDOWN_DELAY_S = "SHUTDOWN_DELAY_S";
  public static final String SHUTDOWN_TIMEOUT_S = "SHUTDOWN_TIMEOUT_S";
  public static final String CORS_ALLOWED_ORIGINS = "CORS_ALLOWED_ORIGINS";

  static final Setting REDIS_MODE_SETTING = Setting.text(REDIS_MODE, "standalone")
      .must(mode -> Set.of("standalone", "sentinel", "cluster").contains(mode.toLowerCase()), "standalone, sentinel or cluster");
  static final Setting REDIS_KEY_PREFIX_SETTING = Setting.text(REDIS_KEY_PREFIX, "authsuite:");
  static final Setting PORT_FALLBACK_SETTING = Setting.flag(PORT_FALLBACK, false);
  static final Setting BIND_HOST_SETTING = Setting.text(BIND_HOST, "0.0.0.0");
  static final Setting ADVERTISED_HOST_SETTING = Setting.text(ADVERTISED_HOST, "127.0.0.1");
  static final Setting REGISTRY_HEARTBEAT = Setting.number(REGISTRY_HEARTBEAT_MS, 5_000, 100, 600_000);
  /** Its default depends on the profile (see {@link #shutdownDelay()}). */
  static final Setting SHUTDOWN_DELAY = Setting.number(SHUTDOWN_DELAY_S, 0, 0, 300);
  static final Setting SHUTDOWN_TIMEOUT = Setting.number(SHUTDOWN_TIMEOUT_S, 20, 1, 600);

  private final JsonObject values;
  private final Profile profile;
  private final Secrets secrets;
  private final Optional<RedisSettings> redis;
  private final Optional<DatabaseSettings> database;
  private final JsonArray jwtIssuers;

  private SuiteConfig(JsonObject values) {
    this.values = values.copy();
    this.profile = Profile.parse(values.getString(SUITE_PROFILE, "dev"));
    this.secrets = new Secrets(text(Secrets.JWT_SECRET_KEY), text(Secrets.JWT_SECRET_KEY_PREVIOUS),
        text(Secrets.SERVICE_SECRET), text(Secrets.EMERGENCY_SIGNING_KEY));
    this.redis = Optional.ofNullable(text(REDIS_URL)).map(urls -> new RedisSettings(
        splitList(urls), RedisSettings.Mode.valueOf(REDIS_MODE_SETTING.text(this).toUpperCase()),
        text(REDIS_MASTER_NAME), REDIS_KEY_PREFIX_SETTING.text(this)));
    this.database = Optional.ofNullable(text(DATABASE_URL)).map(url -> new DatabaseSettings(url, text(DATABASE_SCHEMA)));
    this.jwtIssuers = ConfigRules.jsonArray(values.getValue(JWT_ISSUERS));
  }

  /** Validates and builds; throws {@link ConfigException} listing every problem. */
  public static SuiteConfig from(JsonObject values) {
    List<ConfigProblem> problems = ConfigRules.check(values);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SuiteConfig(values);
  }

  public Profile profile() {
    return profile;
  }

  public Secrets secrets() {
    return secrets;
  }

  /** Empty when the suite runs on its embedded, in-memory defaults. */
  public Optional<RedisSettings> redis() {
    return redis;
  }

  public Optional<DatabaseSettings> database() {
    return database;
  }

  public boolean embedded() {
    return redis.isEmpty();
  }

  public Optional<String> primaryAuthUrl() {
    return Optional.ofNullable(text(PRIMARY_AUTH_URL));
  }

  public Optional<String> chatUpstreamUrl() {
    return Optional.ofNullable(text(CHAT_UPSTREAM_URL));
  }

  public int port(SuiteService service) {
    return (int) number(service.portVariable(), service.defaultPort());
  }


  /** A static address ({@code <SERVICE>_URL}) that overrides the registry, for DNS-named deployments. */
  public Optional<String> staticUrl(SuiteService service) {
    return Optional.ofNullable(text(service.urlVariable()));
  }

  public boolean portFallback() {
    return PORT_FALLBACK_SETTING.flag(this);
  }

  public String bindHost() {
    return BIND_HOST_SETTING.text(this);
  }

  /** The host other services reach this one at; the registry records it with the bound port. */
  public String advertisedHost() {
    return ADVERTISED_HOST_SETTING.text(this);
  }

  public Duration registryHeartbeat() {
    return REGISTRY_HEARTBEAT.millis(this);
  }

  /**
   * How long a draining instance keeps accepting after it left readiness and the registry, so that load balancers and
   * callers that resolved it a moment ago stop sending first: 5 s in prod, none in dev (nothing routes to a laptop).
   */
  public Duration shutdownDelay() {
    return value(SHUTDOWN_DELAY_S).isPresent() || profile != Profile.PROD ? SHUTDOWN_DELAY.seconds(this) : Duration.ofSeconds(5);
  }

  /** How long a draining instance waits for the requests it accepted to finish before it closes what is left. */
  public Duration shutdownTimeout() {
    return SHUTDOWN_TIMEOUT.seconds(this);
  }

  public JsonArray jwtIssuers() {
    return jwtIssuers.copy();
  }

  /** Any setting by name, for the settings a single service owns. */
  public Optional<String> value(String name) {
    return Optional.ofNullable(text(name));
  }

  /**
   * A whole-number setting, else the default. Start-up has bounded every declared one ({@link Setting#number}), so an
   * {@code int} setting narrows with a cast.
   */
  public long number(String name, long fallback) {
    return value(name).map(Long::parseLong).orElse(fallback);
  }

  /** The flat JSON this was built from: what the launcher hands every verticle. */
  public JsonObject toJson() {
    return values.copy();
  }

  private String text(String name) {
    return ConfigRules.text(values, name);
  }

  static List<String> splitList(String value) {
    return new ArrayList<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
  }

  @Override
  public String toString() {
    return "SuiteConfig[profile=" + profile + ", redis=" + redis + ", database=" + database + "]";
  }
}
