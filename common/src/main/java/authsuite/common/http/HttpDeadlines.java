package authsuite.common.http;

import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import java.time.Duration;
import java.util.List;

/**
 * How long a connection may take to send what a request needs, and may sit idle between requests
 * (docs/robustness.md, connection deadlines). The head deadline runs from the connection's opening, or from the first
 * byte of a later request, to the end of its head; the body deadline from there to the end of its body; the idle
 * timeout while no request is being sent or answered. An answer in progress (a server-sent event stream) and an
 * upgraded connection (a WebSocket, with its own deadlines) are never idle.
 */
public record HttpDeadlines(Duration idle, Duration head, Duration body) {
  public static final String HTTP_IDLE_TIMEOUT_S = "HTTP_IDLE_TIMEOUT_S";
  public static final String HTTP_HEADER_TIMEOUT_MS = "HTTP_HEADER_TIMEOUT_MS";
  public static final String HTTP_BODY_TIMEOUT_MS = "HTTP_BODY_TIMEOUT_MS";
  /**
   * The idle default outlasts the keep-alive that proxies hold to their upstreams (nginx, most load balancers: 60 s),
   * so a proxy closes a pooled connection before the service would, and never sends a request down one being closed.
   */
  public static final HttpDeadlines DEFAULTS = new HttpDeadlines(Duration.ofSeconds(75), Duration.ofSeconds(10), Duration.ofSeconds(30));

  private static final Setting IDLE = Setting.number(HTTP_IDLE_TIMEOUT_S, DEFAULTS.idle().toSeconds(), 1, 3_600);
  private static final Setting HEAD = Setting.number(HTTP_HEADER_TIMEOUT_MS, DEFAULTS.head().toMillis(), 100, 300_000);
  private static final Setting BODY = Setting.number(HTTP_BODY_TIMEOUT_MS, DEFAULTS.body().toMillis(), 100, 600_000);
  public static final List<Setting> SETTINGS = List.of(IDLE, HEAD, BODY);

  public static HttpDeadlines from(SuiteConfig config) {
    return new HttpDeadlines(IDLE.seconds(config), HEAD.millis(config), BODY.millis(config));
  }
}
