package authsuite.wsgateway;

import authsuite.common.jwt.Identity;
import authsuite.common.jwt.Lineage;
import authsuite.common.jwt.TokenCheck;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * One authenticated client and its upstream socket. Frames are relayed as they come (text, binary and their
 * continuations, so fragmented messages stay fragmented), each side paused while the other's write queue is full:
 * a client that reads nothing stops the upstream instead of filling the gateway's heap. Pings are answered by each
 * side itself. The socket closes with 4001 at its token's expiry unless a reauth message brought a fresh token for
 * the same user, and with the code of any limit it breaks ({@link CloseCodes}). It knows nothing of who holds it:
 * what its holder must learn (a reauth message, a broken rate, its close) goes to its {@link Listener}.
 */
final class ProxiedSocket {
  /** What a socket tells its holder, on the event loop; the holder answers through the socket's own methods. */
  interface Listener {
    /** The client sent a reauth message: answer with {@link #renew} and {@link #reply}, or {@link #reply} alone. */
    void reauthRequested(ProxiedSocket socket, Object token);

    /** The client broke the message rate; the socket closes with {@link CloseCodes#RATE_EXCEEDED} right after. */
    void overRate(ProxiedSocket socket);

    /** Once, when the socket has closed, whichever side closed it, with the code the client was given or gave. */
    void closed(ProxiedSocket socket, short code);
  }

  private static final int CONTROL_MESSAGE_MAX_BYTES = 16 * 1024;
  /** What a socket reports when the connection ended without a close frame. */
  private static final short ABNORMAL_CLOSURE = 1006;

  private final SocketEntry entry;
  private final Vertx vertx;
  private final GatewaySettings settings;
  private final Listener listener;
  private final ServerWebSocket client;
  private final WebSocket upstream;
  private final Clock clock;
  private long expiryTimer = -1;
  private long rateWindowStart = System.nanoTime();
  private int messagesInWindow;
  /** True while a fragmented message is being written to the client: our own replies must wait for its end. */
  private boolean toClientMidMessage;
  private ArrayDeque<String> heldReplies;
  private boolean finished;
  /** The close code the client was given, or gave: 1006 until a close is seen. */
  private short closeCode = ABNORMAL_CLOSURE;
  private final TextMessageValidator clientText = new TextMessageValidator();

  /**
   * @param entry what the registry records of this socket; the socket counts what it relays there
   * @param clock what the token's expiry is counted down from (the countdown itself is a Vert.x timer)
   */
  ProxiedSocket(SocketEntry entry, ServerWebSocket client, WebSocket upstream, Vertx vertx, GatewaySettings settings,
                Listener listener, Clock clock) {
    this.entry = entry;
    this.clock = clock;
    this.vertx = vertx;
    this.settings = settings;
    this.listener = listener;
    this.client = client;
    this.upstream = upstream;
  }

  void start() {
    client.frameHandler(this::fromClient);
    upstream.frameHandler(this::fromUpstream);
    upstream.drainHandler(drained -> client.resume());
    client.drainHandler(drained -> upstream.resume());
    client.closeHandler(closed -> clientClosed());
    upstream.closeHandler(closed -> upstreamClosed());
    // a failed socket also closes, and the close handlers above decide what the other side is told
    client.exceptionHandler(failure -> { });
    upstream.exceptionHandler(failure -> { });
    scheduleExpiry();
    client.resume();
  }

  private void fromClient(WebSocketFrame frame) {
    if (finished || !isData(frame)) {
      return;
    }
    int length = frame.binaryData().length();
    if (length > settings.maxFrameBytes()) {
      close(CloseCodes.FRAME_TOO_LARGE, "frame_too_large");
      return;
    }
    if (!clientText.accepts(frame)) {
      close(CloseCodes.INVALID_PAYLOAD, "invalid_utf8");
      return;
    }
    entry.countIn(length);
    if (frame.isFinal() && overRate()) {
      listener.overRate(this);
      close(CloseCodes.RATE_EXCEEDED, "message_rate_exceeded");
      return;
    }
    if (frame.type() == WebSocketFrameType.TEXT && frame.isFinal() && length <= CONTROL_MESSAGE_MAX_BYTES
        && GatewayMessages.mayBeControl(frame)) {
      String text = frame.textData();
      JsonObject message = text.contains("\"reauth\"") ? GatewayMessages.parse(text) : null;
      if (message != null && GatewayMessages.REAUTH.equals(message.getValue("type"))) {
        listener.reauthRequested(this, message.getValue("token"));
        return;
      }
    }
    relay(frame, upstream, client);
  }

  private void fromUpstream(WebSocketFrame frame) {
    if (finished || !isData(frame)) {
      return;
    }
    entry.countOut(frame.binaryData().length());
    relay(frame, client, upstream);
    toClientMidMessage = !frame.isFinal();
    if (!toClientMidMessage && heldReplies != null) {
      while (!heldReplies.isEmpty()) {
        client.writeTextMessage(heldReplies.poll());
      }
    }
  }

  private static void relay(WebSocketFrame frame, WebSocketBase to, WebSocketBase from) {
    if (to.isClosed()) {
      return;
    }
    to.writeFrame(frame);
    if (to.writeQueueFull()) {
      from.pause();
    }
  }

  private static boolean isData(WebSocketFrame frame) {
    return frame.isText() || frame.isBinary() || frame.isContinuation();
  }

  private boolean overRate() {
    long now = System.nanoTime();
    if (now - rateWindowStart >= 1_000_000_000L) {
      rateWindowStart = now;
      messagesInWindow = 0;
    }
    return ++messagesInWindow > settings.maxMessagesPerSecond();
  }

  /** A message of the gateway's own to the client, written between the upstream's messages, never inside one. */
  void reply(JsonObject message) {
    if (toClientMidMessage) {
      if (heldReplies == null) {
        heldReplies = new ArrayDeque<>();
      }
      heldReplies.add(message.encode());
    } else if (!client.isClosed()) {
      client.writeTextMessage(message.encode());
    }
  }

  /** A fresh token for the same user: the socket now lives until its expiry. */
  void renew(TokenCheck fresh) {
    entry.renew(fresh);
    vertx.cancelTimer(expiryTimer);
    scheduleExpiry();
  }

  private void scheduleExpiry() {
    Instant expiresAt = entry.check().expiresAt();
    if (expiresAt != null) {
      long delay = Math.max(1, expiresAt.toEpochMilli() - clock.millis());
      expiryTimer = vertx.setTimer(delay, fired -> close(CloseCodes.TOKEN_EXPIRED, "token_expired"));
    }
  }

  /** By the token itself or through its lineage: an ancestor, its family, or its user before the earliest iat along the way. */
  boolean revokedBy(RevocationNotice.Matcher matcher) {
    TokenCheck check = entry.check();
    Identity identity = check.identity();
    Lineage lineage = check.lineage();
    if (matcher.matches(check.tokenId(), identity.sessionId(), lineage.familyId(), identity.userId(), lineage.earliestIssuedAt())) {
      return true;
    }
    return lineage.ancestors().stream().anyMatch(ancestor -> matcher.matches(ancestor, null, null, null, null));
  }

  /** Closes the client with this code and reason, and the upstream normally. */
  void close(short code, String reason) {
    if (finished) {
      return;
    }
    closeCode = code;
    if (!client.isClosed()) {
      client.close(code, reason);
    }
    if (!upstream.isClosed()) {
      upstream.close(code == CloseCodes.GOING_AWAY ? CloseCodes.GOING_AWAY : 1000, "client_closed");
    }
    finish();
  }

  private void clientClosed() {
    Short code = client.closeStatusCode();
    if (!finished && code != null) {
      closeCode = code;
    }
    if (!upstream.isClosed()) {
      upstream.close((short) 1000, "client_closed");
    }
    finish();
  }

  private void upstreamClosed() {
    if (!client.isClosed()) {
      Short code = upstream.closeStatusCode();
      if (code == null || code == ABNORMAL_CLOSURE) {
        closeCode = CloseCodes.UPSTREAM_FAILED;
        client.close(CloseCodes.UPSTREAM_FAILED, "upstream_failed");
      } else if (relayable(code)) {
        closeCode = code;
        client.close(code, upstream.closeReason());
      } else {
        closeCode = 1000;
        client.close((short) 1000, "upstream_closed");
      }
    }
    finish();
  }

  /** Codes an endpoint may send (RFC 6455 7.4): not 1005, 1006 or 1015, which only describe a close. */
  private static boolean relayable(short code) {
    return code == 1000 || code == 1001 || code == 1002 || code == 1003 || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  private void finish() {
    if (!finished) {
      finished = true;
      vertx.cancelTimer(expiryTimer);
      listener.closed(this, closeCode);
    }
  }

  /** What the registry records of this socket. */
  SocketEntry entry() {
    return entry;
  }
}
