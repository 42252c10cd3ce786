package authsuite.common.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One setting, declared once next to the code that reads it: its name, its default, the values it accepts, and whether
 * it is a secret (a secret may be given as {@code <NAME>_FILE} and is never echoed in a problem). A module lists its
 * settings in a {@link SettingsDeclaration}; start-up and {@code check-config} validate every declared setting, and
 * the names of all of them are what {@link SettingNames} compares a misspelt variable against.
 */
public final class Setting {
  private final String name;
  private final String fallback;
  private final Predicate<String> accepts;
  private final String rule;
  private final boolean secret;

  private Setting(String name, String fallback, Predicate<String> accepts, String rule, boolean secret) {
    this.name = name;
    this.fallback = fallback;
    this.accepts = accepts;
    this.rule = rule;
    this.secret = secret;
  }

  /** Any text; empty is the same as unset. */
  public static Setting text(String name, String fallback) {
    return new Setting(name, fallback, value -> true, null, false);
  }

  /** A whole number between {@code min} and {@code max}, both included. */
  public static Setting number(String name, long fallback, long min, long max) {
    return new Setting(name, String.valueOf(fallback), value -> inRange(value, min, max), "a whole number between " + min + " and " + max, false);
  }

  /** {@code true} or {@code false}, in any case. */
  public static Setting flag(String name, boolean fallback) {
    return new Setting(name, String.valueOf(fallback), value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"),
        "true or false", false);
  }

  /** The same setting, accepting only values {@code accepts} says yes to; {@code rule} says which, in a problem. */
  public Setting must(Predicate<String> accepts, String rule) {
    return new Setting(name, fallback, this.accepts.and(accepts), rule, secret);
  }

  /** The same setting as a secret: may be given as {@code <NAME>_FILE}, never echoed. */
  public Setting secret() {
    return new Setting(name, fallback, accepts, rule, true);
  }

  public String name() {
    return name;
  }

  public boolean isSecret() {
    return secret;
  }

  /** The value set, else the default; empty when neither is there. */
  public Optional<String> value(SuiteConfig config) {
    return config.value(name).or(() -> Optional.ofNullable(fallback));
  }

  /** The value set, else the default (null for a setting without one). */
  public String text(SuiteConfig config) {
    return value(config).orElse(null);
  }

  /** The value in raw settings not yet validated (a rule's input), else the default. */
  public String text(JsonObject values) {
    return Optional.ofNullable(ConfigRules.text(values, name)).orElse(fallback);
  }

  public boolean flag(SuiteConfig config) {
    return Boolean.parseBoolean(text(config));
  }

  /** A number setting's value: start-up has bounded it, so it fits an {@code int}. */
  public int number(SuiteConfig config) {
    return Integer.parseInt(text(config));
  }

  public Duration seconds(SuiteConfig config) {
    return Duration.ofSeconds(number(config));
  }

  public Duration millis(SuiteConfig config) {
    return Duration.ofMillis(number(config));
  }

  /** What is wrong with this setting's value in {@code values}, if it is set and not accepted. */
  Optional<ConfigProblem> check(JsonObject values) {
    String value = ConfigRules.text(values, name);
    if (value == null || accepts.test(value)) {
      return Optional.empty();
    }
    String shown = secret ? "" : ", was '" + value + "'";
    return Optional.of(new ConfigProblem(name, "must be " + rule + shown));
  }

  private static boolean inRange(String value, long min, long max) {
    try {
      long number = Long.parseLong(value);
      return number >= min && number <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
