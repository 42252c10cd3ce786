package authsuite.wsgateway;

/**
 * The close codes the gateway sends its clients, each with a fixed reason text (never a token). Standard codes where
 * RFC 6455 has one; the 4xxx codes mirror the HTTP status a client would have met on a plain request.
 */
final class CloseCodes {
  /** The gateway is shutting down (graceful stop): reconnect, another instance will take the socket. */
  static final short GOING_AWAY = 1001;
  /** A text message that is not UTF-8 (RFC 6455 8.1). */
  static final short INVALID_PAYLOAD = 1007;
  /** A frame larger than WS_MAX_FRAME_BYTES. */
  static final short FRAME_TOO_LARGE = 1009;
  /** The upstream closed without a close frame we may relay, or failed mid-stream. */
  static final short UPSTREAM_FAILED = 1011;
  /** The upstream could not be reached when the socket opened ("bad gateway"). */
  static final short UPSTREAM_UNAVAILABLE = 1014;
  /** The token expired and no reauth message brought a fresh one. */
  static final short TOKEN_EXPIRED = 4001;
  /** The token, its session or its user was revoked. */
  static final short REVOKED = 4003;
  /** More open sockets than WS_MAX_CONNECTIONS_PER_USER for this user, across every instance. */
  static final short TOO_MANY_CONNECTIONS = 4008;
  /** More messages per second than WS_MAX_MESSAGES_PER_S. */
  static final short RATE_EXCEEDED = 4029;
  /** No valid {"type":"auth"} message within WS_AUTH_TIMEOUT_S, or an invalid one. */
  static final short UNAUTHENTICATED = 4401;

  private CloseCodes() {
  }
}
