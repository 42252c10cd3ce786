package authsuite.common.config;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the suite shows a URL in a status answer, a report, a log line or a command's output
 * (docs/threat-model.md, "URLs without userinfo"): without its userinfo ({@code https://user:pass@host}
 * becomes {@code https://host}), and with the value of every secret-looking query parameter replaced by
 * {@value #MASK}. Configured URLs carry credentials (a Redis or PostgreSQL password, basic auth to the
 * primary auth service, an API key in a JWKS address), and these answers are unauthenticated. Every place
 * that shows a URL uses this one rule, so that none can differ.
 */
public final class Redacted {
  public static final String MASK = "redacted";

  /**
   * A scheme, then everything up to the last {@code @} before the authority ends: a password with an unescaped
   * {@code @} in it goes too.
   */
  private static final Pattern USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s\"'<>]*@");
  private static final Pattern SECRET_PARAMETER = Pattern.compile(
      "([?&;](?:[A-Za-z0-9_.-]*(?:pass|pwd|secret|token|key|sig|signature|auth|credential|session)[A-Za-z0-9_.-]*)=)[^&#;\\s\"'<>]*",
      Pattern.CASE_INSENSITIVE);

  private Redacted() {
  }

  /** The URL (or comma-separated list of URLs) as it may be shown; null stays null. */
  public static String url(String url) {
    return text(url);
  }

  /** The URL as it may be shown; null stays null. */
  public static String url(URI url) {
    return url == null ? null : text(url.toString());
  }

  /** Any text (an error message, a connection string) with every URL in it shown as {@link #url} shows it. */
  public static String text(String text) {
    if (text == null || text.indexOf("://") < 0) {
      return text;
    }
    String withoutUserinfo = USERINFO.matcher(text).replaceAll("$1");
    Matcher parameters = SECRET_PARAMETER.matcher(withoutUserinfo);
    return parameters.find() ? parameters.replaceAll("$1" + MASK) : withoutUserinfo;
  }
}
