package authsuite.wsgateway;

import authsuite.common.config.ConfigProblem;
import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The gateway's own settings, declared here with their defaults and ranges ({@link GatewaySettingsDeclaration}): how
 * long a client may take to authenticate by message, the per-user, per-frame and per-second limits, and the channel
 * policy; where the chat upstream is comes from the suite's settings.
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

  private static final Setting AUTH_TIMEOUT = Setting.number(WS_AUTH_TIMEOUT_S, 5, 1, 300);
  private static final Setting MAX_CONNECTIONS_PER_USER = Setting.number(WS_MAX_CONNECTIONS_PER_USER, 20, 1, 100_000);
  private static final Setting MAX_FRAME_BYTES = Setting.number(WS_MAX_FRAME_BYTES, FRAME_CEILING, 16, FRAME_CEILING);
  private static final Setting MAX_MESSAGES_PER_S = Setting.number(WS_MAX_MESSAGES_PER_S, 100, 1, 1_000_000);
  private static final Setting POLICY = Setting.text(WS_POLICY, null);
  static final List<Setting> DECLARED = List.of(AUTH_TIMEOUT, MAX_CONNECTIONS_PER_USER, MAX_FRAME_BYTES, MAX_MESSAGES_PER_S, POLICY);

  static GatewaySettings from(SuiteConfig config) {
    URI upstream = URI.create(config.chatUpstreamUrl().orElse("ws://127.0.0.1:8080/ws"));
    return new GatewaySettings(
        upstream,
        AUTH_TIMEOUT.seconds(config),
        TICKET_TTL,
        MAX_CONNECTIONS_PER_USER.number(config),
        MAX_FRAME_BYTES.number(config),
        MAX_MESSAGES_PER_S.number(config),
        config.registryHeartbeat(),
        ChannelPolicy.parse(POLICY.value(config).map(JsonObject::new).orElseGet(JsonObject::new)));
  }

  /** {@code WS_POLICY}: {"<role>": {"<channel pattern>": ["<action>", ...]}}, as JSON text or an object from suite.yaml. */
  static void checkPolicy(JsonObject values, List<ConfigProblem> problems) {
    Object raw = values.getValue(WS_POLICY);
    if (raw == null || raw.toString().isBlank()) {
      return;
    }
    JsonObject policy;
    try {
      policy = raw instanceof JsonObject object ? object : new JsonObject(raw.toString());
    } catch (DecodeException | ClassCastException e) {
      problems.add(new ConfigProblem(WS_POLICY, "must be a JSON object {\"<role>\": {\"<channel pattern>\": [\"<action>\"]}}"));
      return;
    }
    for (String role : policy.fieldNames()) {
      if (!(policy.getValue(role) instanceof JsonObject channels)) {
        problems.add(new ConfigProblem(WS_POLICY + "." + role, "must be an object of channel patterns to action lists"));
        continue;
      }
      for (String pattern : channels.fieldNames()) {
        if (!(channels.getValue(pattern) instanceof JsonArray actions) || actions.stream().anyMatch(a -> !(a instanceof String))) {
          problems.add(new ConfigProblem(WS_POLICY + "." + role + "." + pattern, "must be an array of action names"));
        }
      }
    }
  }
}
