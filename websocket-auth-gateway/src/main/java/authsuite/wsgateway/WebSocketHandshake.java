package authsuite.wsgateway;

import authsuite.common.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;

/**
 * Checks a WebSocket opening handshake (RFC 6455 4.2.1) before the route handling it looks at credentials:
 * Vert.x refuses a handshake it cannot complete with a plain-text 400 or an empty 426 of its own, which no
 * failure handler sees. A request that does not ask for an upgrade at all is left to the route. Mount it on
 * the upgrade route, before its handler. See docs/robustness.md, "one failure mapper".
 */
final class WebSocketHandshake implements Handler<RoutingContext> {
  static final String VERSION = "13";
  private static final CharSequence SEC_WEBSOCKET_VERSION = HttpHeaders.createOptimized("Sec-WebSocket-Version");
  private static final CharSequence SEC_WEBSOCKET_KEY = HttpHeaders.createOptimized("Sec-WebSocket-Key");
  private static final int KEY_BYTES = 16;

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.request().headers();
    if (!"websocket".equalsIgnoreCase(headers.get(HttpHeaders.UPGRADE))) {
      ctx.next();
      return;
    }
    if (!hasToken(headers, HttpHeaders.CONNECTION, "upgrade")) {
      ctx.fail(Problem.badRequest("malformed_upgrade", "a WebSocket upgrade says Connection: Upgrade"));
    } else if (!VERSION.equals(headers.get(SEC_WEBSOCKET_VERSION))) {
      ctx.fail(new Problem(426, "unsupported_websocket_version", "this server speaks WebSocket version " + VERSION)
          .header(SEC_WEBSOCKET_VERSION.toString(), VERSION));
    } else if (!validKey(headers.get(SEC_WEBSOCKET_KEY))) {
      ctx.fail(Problem.badRequest("malformed_upgrade", "Sec-WebSocket-Key must be 16 random bytes in base64"));
    } else {
      ctx.next();
    }
  }

  /** Connection is a list ({@code keep-alive, Upgrade}, as Firefox sends it), possibly over several lines. */
  private static boolean hasToken(MultiMap headers, CharSequence name, String token) {
    for (String line : headers.getAll(name)) {
      for (String value : line.split(",")) {
        if (value.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean validKey(String key) {
    if (key == null) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
