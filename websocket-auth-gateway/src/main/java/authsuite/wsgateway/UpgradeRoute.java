package authsuite.wsgateway;

import authsuite.common.http.BearerToken;
import authsuite.common.http.Problem;
import authsuite.common.jwt.TokenCheck;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * {@code GET /ws}: the credential is taken in the contract's order of preference (ticket, {@code bearer} subprotocol,
 * {@code Authorization: Bearer}, else a first {@code auth} message), checked while the request is paused, and a
 * missing, forged, expired or spent credential is answered 401 before anything is opened upstream. Only then is the
 * user's slot taken (from the sockets' owner, {@link OpenSockets#reserve}), the upstream socket opened, and the
 * client's upgrade accepted; the socket is the owner's from then on.
 */
final class UpgradeRoute {
  private static final Logger LOG = LoggerFactory.getLogger(UpgradeRoute.class);
  static final String BEARER_PROTOCOL = "bearer";
  private static final int AUTH_MESSAGE_MAX_BYTES = 16 * 1024;
  /** Pings a client library may send while its auth message is on its way; the auth message itself is the one data frame. */
  private static final int CONTROL_FRAMES_BEFORE_AUTH = 4;

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final UserTokens tokens;
  private final Tickets tickets;
  private final ChatUpstream upstream;
  /** A slot for the check's user, or null when the user holds enough sockets; never fails. */
  private final Function<TokenCheck, Future<OpenSockets.Slot>> reserve;

  UpgradeRoute(Vertx vertx, GatewaySettings settings, UserTokens tokens, Tickets tickets, ChatUpstream upstream,
               Function<TokenCheck, Future<OpenSockets.Slot>> reserve) {
    this.vertx = vertx;
    this.settings = settings;
    this.tokens = tokens;
    this.tickets = tickets;
    this.upstream = upstream;
    this.reserve = reserve;
  }

  void upgrade(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      // checked first: a plain GET with a valid token must not cost an upstream connection
      ctx.fail(new Problem(426, "upgrade_required", "GET /ws is a WebSocket upgrade").header("Upgrade", "websocket"));
      return;
    }
    if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
      // answered here, not by the handshaker's bare 426 and 400, so that every refusal is a problem (and costs no ticket)
      ctx.fail(new Problem(426, "unsupported_websocket_version", "this server speaks WebSocket version 13")
          .header("Sec-WebSocket-Version", "13"));
      return;
    }
    String key = request.getHeader("Sec-WebSocket-Key");
    if (key == null || key.isBlank()) {
      ctx.fail(Problem.badRequest("malformed_upgrade", "a WebSocket upgrade carries Sec-WebSocket-Key"));
      return;
    }
    List<String> bearers = bearerProtocols(request);
    if (request.params().getAll("ticket").size() > 1 || bearers.size() > 1) {
      // which one would count is a guess another component may make differently (docs/threat-model.md, "ambiguous requests")
      ctx.fail(Problem.badRequest("ambiguous_request", "send one credential: one ticket, one bearer subprotocol pair"));
      return;
    }
    String ticket = request.getParam("ticket");
    String token = ticket != null ? null : !bearers.isEmpty() ? bearers.get(0) : BearerToken.of(ctx);
    if (ticket == null && token == null) {
      awaitAuthMessage(request);
      return;
    }
    request.pause();
    Future<TokenCheck> checked = ticket != null ? redeem(ticket) : tokens.check(token);
    checked.onSuccess(check -> {
      if (!check.isValid()) {
        request.resume();
        ctx.fail(Problem.notValid("credential", check.reason()));
        return;
      }
      open(check, request::toWebSocket, false);
    }).onFailure(failure -> {
      request.resume();
      ctx.fail(failure);
    });
  }

  private Future<TokenCheck> redeem(String ticket) {
    return tickets.redeem(ticket).compose(token -> token == null
        ? Future.succeededFuture(TokenCheck.invalid("ticket_invalid"))
        : tokens.check(token));
  }

  /**
   * The token of each {@code bearer, <token>} pair in {@code Sec-WebSocket-Protocol}, over all its header lines
   * (RFC 6455 11.3.4 reads several lines as one list).
   */
  private static List<String> bearerProtocols(HttpServerRequest request) {
    List<String> lines = request.headers().getAll("Sec-WebSocket-Protocol");
    if (lines.isEmpty()) {
      return List.of();
    }
    String[] offered = String.join(",", lines).split(",");
    List<String> tokens = new ArrayList<>(1);
    for (int i = 0; i < offered.length - 1; i++) {
      if (BEARER_PROTOCOL.equalsIgnoreCase(offered[i].trim()) && !offered[i + 1].isBlank()) {
        tokens.add(offered[++i].trim());
      }
    }
    return tokens;
  }

  /**
   * No credential on the upgrade: the first data frame must be {"type":"auth","token":...} within the auth timeout.
   * Until then the client costs one timer and a few frames: a data frame that is not that message, more than
   * {@link #CONTROL_FRAMES_BEFORE_AUTH} control frames, or the deadline passing ends the connection at once
   * (docs/robustness.md, nothing costly before authentication).
   */
  private void awaitAuthMessage(HttpServerRequest request) {
    request.toWebSocket().onSuccess(client -> {
      long timeout = vertx.setTimer(settings.authTimeout().toMillis(),
          fired -> refuse(client, CloseCodes.UNAUTHENTICATED, "auth_timeout"));
      client.closeHandler(closed -> vertx.cancelTimer(timeout));
      int[] controlFrames = {0};
      client.frameHandler(frame -> {
        boolean data = frame.isText() || frame.isBinary() || frame.isContinuation();
        if (data || ++controlFrames[0] > CONTROL_FRAMES_BEFORE_AUTH) {
          client.pause();
          client.frameHandler(ignored -> { });
          vertx.cancelTimer(timeout);
          if (data) {
            authenticateByMessage(client, frame);
          } else {
            refuse(client, CloseCodes.UNAUTHENTICATED, "auth_required");
          }
        }
      });
    });
  }

  private void authenticateByMessage(ServerWebSocket client, WebSocketFrame frame) {
    JsonObject message = frame.isText() && frame.isFinal() && frame.binaryData().length() <= AUTH_MESSAGE_MAX_BYTES
        ? GatewayMessages.parse(frame.textData()) : null;
    if (message == null || !GatewayMessages.AUTH.equals(message.getValue("type")) || !(message.getValue("token") instanceof String token)) {
      refuse(client, CloseCodes.UNAUTHENTICATED, "auth_required");
      return;
    }
    tokens.check(token).onComplete(checked -> {
      if (checked.failed()) {
        refuse(client, (short) 1013, "try_again_later");
      } else if (!checked.result().isValid()) {
        refuse(client, CloseCodes.UNAUTHENTICATED, checked.result().reason());
      } else {
        open(checked.result(), () -> Future.succeededFuture(client), true);
      }
    });
  }

  /**
   * Closes an unauthenticated socket; the connection ends when the client answers the close frame, or after the
   * server's short closing timeout ({@link GatewaySettings#CLOSING_TIMEOUT_S}) if it does not.
   */
  private static void refuse(ServerWebSocket client, short code, String reason) {
    client.close(code, reason);
  }

  /**
   * Takes the user's slot, opens the upstream socket, then accepts the client (or, for a message-authenticated
   * client, confirms it): a client whose upstream cannot be reached learns it from the close code.
   */
  private void open(TokenCheck check, Supplier<Future<ServerWebSocket>> accept, boolean confirm) {
    reserve.apply(check).onSuccess(slot -> {
      if (slot == null) {
        accept.get().onSuccess(client -> client.close(CloseCodes.TOO_MANY_CONNECTIONS, "too_many_connections"));
        return;
      }
      upstream.connect(slot.id(), check.identity()).onComplete(connected -> upstreamOpened(slot, check, connected, accept, confirm));
    });
  }

  private static void upstreamOpened(OpenSockets.Slot slot, TokenCheck check, AsyncResult<WebSocket> connected,
                                     Supplier<Future<ServerWebSocket>> accept, boolean confirm) {
    if (connected.failed()) {
      LOG.warn("upstream unavailable", kv("connection_id", slot.id()), kv("error", connected.cause().getMessage()));
      slot.release();
      accept.get().onSuccess(client -> client.close(CloseCodes.UPSTREAM_UNAVAILABLE, "upstream_unavailable"));
      return;
    }
    accept.get().onComplete(accepted -> clientAccepted(slot, check, connected.result(), accepted, confirm));
  }

  /** The client's side is there (or gone while the upstream was dialled): the socket is handed to its owner and started. */
  private static void clientAccepted(OpenSockets.Slot slot, TokenCheck check, WebSocket upstream,
                                     AsyncResult<ServerWebSocket> accepted, boolean confirm) {
    if (accepted.failed() || accepted.result().isClosed()) {
      upstream.close();
      slot.release();
      return;
    }
    ProxiedSocket socket = slot.fill(accepted.result(), upstream);
    if (confirm) {
      socket.reply(GatewayMessages.authenticated(slot.id(), check.expiresAt()));
    }
    socket.start();
  }
}
