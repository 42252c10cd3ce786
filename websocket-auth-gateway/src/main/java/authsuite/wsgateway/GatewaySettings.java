package authsuite.wsgateway;

import authsuite.common.config.SuiteConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;

/**
 * The gateway's own settings (validated at start by the shared config rules): where the chat upstream is, how long a
 * client may take to authenticate by message, and the per-user, per-frame and per-second limits.
 */
record GatewaySettings(URI upstream, Duration authTimeout, Duration ticketTtl, int maxConnectionsPerUser,
                       int maxFrameBytes, int maxMessagesPerSecond, Duration heartbeat, ChannelPolicy policy) {
  static final String WS_AUTH_TIMEOUT_S = "WS_AUTH_TIMEOUT_S";
  static final String WS_MAX_CONNECTIONS_PER_USER = "WS_MAX_CONNECTIONS_PER_USER";
  static final String WS_MAX_FRAME_BYTES = "WS_MAX_FRAME_BYTES";
  static final String WS_MAX_MESSAGES_PER_S = "WS_MAX_MESSAGES_PER_S";
  static final String WS_POLICY = "WS_POLICY";
  /** A ticket works once, within 30 seconds. */
  static final Duration TICKET_TTL = Duration.ofSeconds(30);
  /** Netty's own frame limit in the server options; a larger WS_MAX_FRAME_BYTES could never be reached. */
  static final int FRAME_CEILING = 65_536;
  /**
   * How long a socket the gateway closed waits for the client's close frame before the connection is ended anyway:
   * an honest client answers within a round trip, and a hostile one must not hold the connection past a deadline
   * (Vert.x's default is 10 s).
   */
  static final int CLOSING_TIMEOUT_S = 1;

  static GatewaySettings from(SuiteConfig config) {
    URI upstream = URI.create(config.chatUpstreamUrl().orElse("ws://127.0.0.1:8080/ws"));
    return new GatewaySettings(
        upstream,
        Duration.ofSeconds(config.number(WS_AUTH_TIMEOUT_S, 5)),
        TICKET_TTL,
        (int) config.number(WS_MAX_CONNECTIONS_PER_USER, 20),
        (int) config.number(WS_MAX_FRAME_BYTES, FRAME_CEILING),
        (int) config.number(WS_MAX_MESSAGES_PER_S, 100),
        config.registryHeartbeat(),
        ChannelPolicy.parse(config.value(WS_POLICY).map(JsonObject::new).orElseGet(JsonObject::new)));
  }
}
