package authsuite.common.telemetry;

import authsuite.common.config.SuiteConfig;
import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;
import java.util.Map;

/**
 * The log format logback.xml writes: {@code AUTHSUITE_LOG_FORMAT=json|text} when set; else text in the dev profile
 * when stdout is a terminal (a developer reading along), and JSON everywhere else (containers, CI, files), which is
 * what log pipelines parse.
 */
public final class LogFormat extends PropertyDefinerBase {
  public static final String VARIABLE = "AUTHSUITE_LOG_FORMAT";
  /** Read by logback.xml: the level of every logger but the access log's. */
  public static final String LEVEL = "AUTHSUITE_LOG_LEVEL";
  /** Read by logback.xml: the access log's level (INFO: failed and slow requests; DEBUG: every one). */
  public static final String ACCESS_LEVEL = "AUTHSUITE_ACCESS_LOG_LEVEL";

  @Override
  public String getPropertyValue() {
    String configured = getContext().getProperty(VARIABLE); // a logging context set up by hand (tests) may say
    return choose(System.getenv(), configured, System.console() != null);
  }

  static String choose(Map<String, String> environment, String configured, boolean terminal) {
    String asked = (configured != null ? configured : environment.getOrDefault(VARIABLE, "")).trim().toLowerCase(Locale.ROOT);
    if (asked.equals("json") || asked.equals("text")) {
      return asked;
    }
    String profile = environment.getOrDefault(SuiteConfig.SUITE_PROFILE, "dev").trim().toLowerCase(Locale.ROOT);
    return terminal && profile.equals("dev") ? "text" : "json";
  }
}
