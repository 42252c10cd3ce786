package authsuite.wsgateway;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.revocation.Revocations;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The sockets this instance holds, and the one owner of their lifecycle: a user's slot taken in the registry
 * ({@link #reserve}), the socket made and held ({@link Slot#fill}), announced to the registry on every heartbeat,
 * closed when a revocation event (from any instance, through the shared event channel) names their token, session or
 * user, renewed by reauth messages, removed from the registry once closed, and closed with 1001 when the instance
 * stops. Sockets answer only through their {@link ProxiedSocket.Listener}, so calls run one way: from here to them.
 */
final class OpenSockets {
  private static final Logger LOG = LoggerFactory.getLogger(OpenSockets.class);
  private static final long SUBSCRIBE_RETRY_MS = 5_000;
  private static final long REMOVAL_WINDOW_MS = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final UserTokens tokens;
  private final Revocations revocations;
  private final ConnectionRegistry registry;
  private final String instanceId;
  private final SocketMeters meters;
  private final Clock clock;
  private final ProxiedSocket.Listener listener = new SocketListener();
  private final Map<String, ProxiedSocket> byId = new HashMap<>();
  private final List<SocketEntry> removals = new ArrayList<>();
  private long heartbeatTimer = -1;
  private long subscribeRetry = -1;
  private boolean stopped;

  OpenSockets(Vertx vertx, GatewaySettings settings, UserTokens tokens, Revocations revocations,
              ConnectionRegistry registry, String instanceId, MeterRegistry metrics, String service, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.tokens = tokens;
    this.revocations = revocations;
    this.registry = registry;
    this.instanceId = instanceId;
    this.meters = new SocketMeters(metrics, service, this::size);
    this.clock = clock;
  }

  /**
   * Starts the heartbeat and subscribes to revocation events; completes after the first attempt. Without Redis at
   * start the subscription is retried in the background (the gateway still serves), and the sweep on each heartbeat
   * closes, from the revocation mirror, whatever an event missed while the subscription was down would have closed.
   */
  Future<Void> start(AuthEventChannel events) {
    heartbeatTimer = vertx.setPeriodic(settings.heartbeat().toMillis(), tick -> heartbeat());
    return subscribe(events);
  }

  private Future<Void> subscribe(AuthEventChannel events) {
    return events.subscribe(event -> {
      RevocationNotice notice = RevocationNotice.of(event);
      if (notice != null) {
        closeMatching(notice::matches);
      }
    }).<Void>mapEmpty().recover(failure -> {
      if (!stopped) {
        LOG.warn("cannot follow revocation events yet; retrying", kv("error", failure.getMessage()));
        subscribeRetry = vertx.setTimer(SUBSCRIBE_RETRY_MS, tick -> subscribe(events));
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Takes a slot for the check's user in the registry, before anything is opened upstream; completes with null when
   * the user already holds WS_MAX_CONNECTIONS_PER_USER sockets. The per-user limit needs the registry: when it cannot
   * be reached the socket is let in rather than refused. Never fails.
   */
  Future<Slot> reserve(TokenCheck check) {
    Slot slot = new Slot(newId(), check);
    return registry.open(slot.entry, settings.maxConnectionsPerUser()).recover(failure -> {
      LOG.warn("connection registry unavailable; admitting without the per-user limit",
          kv("connection_id", slot.id()), kv("error", failure.getMessage()));
      return Future.succeededFuture(true);
    }).map(admitted -> {
      if (!admitted) {
        meters.tooManyConnections();
        return null;
      }
      return slot;
    });
  }

  private static String newId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Once for each socket when it has closed, whichever side closed it. Registry removals are gathered for
   * {@link #REMOVAL_WINDOW_MS} and sent together: thousands of sockets closing at once make a few pipelines, not
   * thousands of requests queueing for a Redis connection.
   */
  private void closed(ProxiedSocket socket, short code) {
    byId.remove(socket.entry().id());
    meters.closed(code);
    removals.add(socket.entry());
    if (removals.size() == 1 && !stopped) {
      vertx.setTimer(REMOVAL_WINDOW_MS, tick -> removeClosed());
    }
  }

  private Future<Void> removeClosed() {
    if (removals.isEmpty()) {
      return Future.succeededFuture();
    }
    List<SocketEntry> closed = List.copyOf(removals);
    removals.clear();
    return registry.close(closed).onFailure(e -> LOG.warn("cannot remove closed sockets from the registry; they expire instead",
        kv("count", closed.size()), kv("error", e.getMessage())));
  }

  private void reauthenticate(ProxiedSocket socket, Object token) {
    if (!(token instanceof String text) || text.isEmpty()) {
      socket.reply(GatewayMessages.renewalRefused("missing_token"));
      return;
    }
    tokens.check(text).onComplete(checked -> {
      TokenCheck check = checked.succeeded() ? checked.result() : null;
      if (check == null) {
        socket.reply(GatewayMessages.renewalRefused("try_again_later"));
      } else if (!check.isValid()) {
        socket.reply(GatewayMessages.renewalRefused(check.reason()));
      } else if (!check.identity().userId().equals(socket.entry().userId())) {
        socket.reply(GatewayMessages.renewalRefused("user_mismatch"));
      } else {
        socket.renew(check);
        socket.reply(GatewayMessages.renewed(check.expiresAt()));
      }
    });
  }

  private void closeMatching(RevocationNotice.Matcher matcher) {
    List<ProxiedSocket> revoked = byId.values().stream().filter(socket -> socket.revokedBy(matcher)).toList();
    revoked.forEach(socket -> socket.close(CloseCodes.REVOKED, "revoked"));
    if (!revoked.isEmpty()) {
      LOG.info("closed revoked sockets", kv("count", revoked.size()), kv("instance", instanceId));
    }
  }

  private void heartbeat() {
    closeMatching(revocations::isRevoked);
    if (!byId.isEmpty()) {
      registry.heartbeat(byId.values().stream().map(ProxiedSocket::entry).toList()).onFailure(e -> LOG.warn("cannot refresh the connection registry",
          kv("instance", instanceId), kv("error", e.getMessage())));
    }
  }

  /** Graceful stop: every client is told to go elsewhere (1001) and every entry leaves the registry. */
  Future<Void> closeAll() {
    stopped = true;
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(subscribeRetry);
    for (ProxiedSocket socket : List.copyOf(byId.values())) {
      socket.close(CloseCodes.GOING_AWAY, "going_away");
    }
    return removeClosed().otherwiseEmpty();
  }

  /** Read by the open-sockets gauge on the scraping thread too: a size read of the map, no iteration. */
  int size() {
    return byId.size();
  }

  /** The sockets' only way back here. */
  private final class SocketListener implements ProxiedSocket.Listener {
    @Override
    public void reauthRequested(ProxiedSocket socket, Object token) {
      reauthenticate(socket, token);
    }

    @Override
    public void overRate(ProxiedSocket socket) {
      meters.overRate();
    }

    @Override
    public void closed(ProxiedSocket socket, short code) {
      OpenSockets.this.closed(socket, code);
    }
  }

  /**
   * A user's place among the open sockets, as the registry first records it: taken by {@link #reserve} before the
   * upstream is dialled, then filled with the socket or, when the socket could not be opened, released.
   */
  final class Slot {
    private final SocketEntry entry;

    private Slot(String id, TokenCheck check) {
      this.entry = new SocketEntry(id, instanceId, check, clock.millis());
    }

    String id() {
      return entry.id();
    }

    /** The socket was not opened after all: its entry leaves the registry now. */
    void release() {
      registry.close(List.of(entry));
    }

    /** The socket relaying this client and this upstream, held from now on; the caller starts it. */
    ProxiedSocket fill(ServerWebSocket client, WebSocket upstream) {
      ProxiedSocket socket = new ProxiedSocket(entry.openedAt(clock.millis()), client, upstream, vertx, settings, listener, clock);
      byId.put(entry.id(), socket);
      meters.opened();
      return socket;
    }
  }
}
