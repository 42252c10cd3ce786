package authsuite.wsgateway;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.revocation.Revocations;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The sockets this instance holds: announced to the registry on every heartbeat, closed when a revocation event
 * (from any instance, through the shared event channel) names their token, session or user, renewed by reauth
 * messages, and closed with 1001 when the instance stops.
 */
final class OpenSockets {
  private static final Logger LOG = LoggerFactory.getLogger(OpenSockets.class);
  private static final long SUBSCRIBE_RETRY_MS = 5_000;
  private static final long REMOVAL_WINDOW_MS = 20;

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final UserTokens tokens;
  private final Revocations revocations;
  private final ConnectionRegistry registry;
  private final String instanceId;
  private final SocketMeters meters;
  private final Map<String, ProxiedSocket> byId = new HashMap<>();
  private final List<ProxiedSocket> removals = new ArrayList<>();
  private long heartbeatTimer = -1;
  private long subscribeRetry = -1;
  private boolean stopped;

  OpenSockets(Vertx vertx, GatewaySettings settings, UserTokens tokens, Revocations revocations,
              ConnectionRegistry registry, String instanceId, MeterRegistry metrics, String service) {
    this.vertx = vertx;
    this.settings = settings;
    this.tokens = tokens;
    this.revocations = revocations;
    this.registry = registry;
    this.instanceId = instanceId;
    this.meters = new SocketMeters(metrics, service, this::size);
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

  void add(ProxiedSocket socket) {
    byId.put(socket.id(), socket);
    meters.opened();
  }

  /**
   * Called once by each socket when it has closed, whichever side closed it. Registry removals are gathered for
   * {@link #REMOVAL_WINDOW_MS} and sent together: thousands of sockets closing at once make a few pipelines, not
   * thousands of requests queueing for a Redis connection.
   */
  void closed(ProxiedSocket socket) {
    byId.remove(socket.id());
    meters.closed(socket.closeCode());
    removals.add(socket);
    if (removals.size() == 1 && !stopped) {
      vertx.setTimer(REMOVAL_WINDOW_MS, tick -> removeClosed());
    }
  }

  private Future<Void> removeClosed() {
    if (removals.isEmpty()) {
      return Future.succeededFuture();
    }
    List<ProxiedSocket> closed = List.copyOf(removals);
    removals.clear();
    return registry.close(closed).onFailure(e -> LOG.warn("cannot remove closed sockets from the registry; they expire instead",
        kv("count", closed.size()), kv("error", e.getMessage())));
  }

  void reauthenticate(ProxiedSocket socket, Object token) {
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
      } else if (!check.identity().userId().equals(socket.userId())) {
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
      registry.heartbeat(byId.values()).onFailure(e -> LOG.warn("cannot refresh the connection registry",
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

  SocketMeters meters() {
    return meters;
  }

  Vertx vertx() {
    return vertx;
  }

  GatewaySettings settings() {
    return settings;
  }

  String instanceId() {
    return instanceId;
  }

  JsonObject status() {
    return new JsonObject().put("instance", instanceId).put("open_sockets", byId.size());
  }
}
