package authsuite.wsgateway;

import authsuite.common.http.HeaderValues;
import authsuite.common.jwt.Identity;
import authsuite.common.telemetry.Spans;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;

/**
 * The chat upstream ({@code CHAT_UPSTREAM_URL}): one socket per client, opened only after the client authenticated.
 * The identity travels as headers ({@code X-User-Id}, {@code X-User-Email}, {@code X-User-Roles}, {@code X-Session-Id},
 * {@code X-Connection-Id}, {@code X-Auth-Source}), the forward-auth convention of the suite: they cost nothing per
 * connection where a signed suite token would cost an RS256 signature, and the upstream must in any case accept
 * connections from the gateway alone (network policy), as a service behind forward-auth does. Claims travel
 * percent-encoded where they are not visible ASCII ({@link HeaderValues}), as forward-auth's do.
 */
final class ChatUpstream {
  private final Vertx vertx;
  private final WebSocketClient client;
  private final URI url;

  ChatUpstream(Vertx vertx, URI url, int maxFrameBytes) {
    this.vertx = vertx;
    this.url = url;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        // -1 ("disabled") would admit no connection at all in 5.0.8: one upstream socket per client, no cap here
        .setMaxConnections(Integer.MAX_VALUE)
        .setConnectTimeout(5_000)
        .setMaxFrameSize(Math.max(maxFrameBytes, GatewaySettings.FRAME_CEILING))
        .setClosingTimeout(5));
  }

  /** Fails (never throws) when the upstream cannot be reached. Vert.x does not trace a handshake: Spans does. */
  Future<WebSocket> connect(String connectionId, Identity identity) {
    WebSocketConnectOptions options;
    try {
      options = options(connectionId, identity);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return Spans.outbound(vertx.getOrCreateContext(), "chat upstream handshake", options::putHeader, () -> client.connect(options));
  }

  private WebSocketConnectOptions options(String connectionId, Identity identity) {
    boolean secure = "wss".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
    int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(url.getHost())
        .setPort(port)
        .setSsl(secure)
        .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
        .putHeader("X-User-Id", HeaderValues.encode(identity.userId()))
        .putHeader("X-User-Email", HeaderValues.encode(identity.email()))
        .putHeader("X-User-Roles", HeaderValues.list(identity.roles()))
        .putHeader("X-Session-Id", HeaderValues.encode(identity.sessionId()))
        .putHeader("X-Connection-Id", connectionId)
        .putHeader("X-Auth-Source", HeaderValues.encode(identity.source()));
    return options;
  }

  Future<Void> close() {
    return client.close();
  }
}
