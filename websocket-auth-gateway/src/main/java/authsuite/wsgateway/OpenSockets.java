package authsuite.wsgateway;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenValidator;
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

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final TokenValidator validator;
  private final ConnectionRegistry registry;
  private final String instanceId;
  private final Map<String, ProxiedSocket> byId = new HashMap<>();
  private long heartbeatTimer = -1;

  OpenSockets(Vertx vertx, GatewaySettings settings, TokenValidator validator, ConnectionRegistry registry, String instanceId) {
    this.vertx = vertx;
    this.settings = settings;
    this.validator = validator;
    this.registry = registry;
    this.instanceId = instanceId;
  }

  /** Starts the heartbeat and completes once revocation events reach this instance. */
  Future<Void> start(AuthEventChannel events) {
    heartbeatTimer = vertx.setPeriodic(settings.heartbeat().toMillis(), tick -> heartbeat());
    return events.subscribe(event -> {
      RevocationNotice notice = RevocationNotice.of(event);
      if (notice != null) {
        closeRevoked(notice);
      }
    }).mapEmpty();
  }

  void add(ProxiedSocket socket) {
    byId.put(socket.id(), socket);
  }

  /** Called once by each socket when it has closed, whichever side closed it. */
  void closed(ProxiedSocket socket) {
    byId.remove(socket.id());
    registry.close(socket).onFailure(e -> LOG.warn("cannot remove a closed socket from the registry",
        kv("connection_id", socket.id()), kv("error", e.getMessage())));
  }

  void reauthenticate(ProxiedSocket socket, Object token) {
    if (!(token instanceof String text) || text.isEmpty()) {
      socket.reply(GatewayMessages.renewalRefused("missing_token"));
      return;
    }
    validator.validate(text, null, null).map(UpgradeRoute::usable).onComplete(checked -> {
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

  private void closeRevoked(RevocationNotice notice) {
    List<ProxiedSocket> revoked = byId.values().stream().filter(socket -> socket.revokedBy(notice)).toList();
    revoked.forEach(socket -> socket.close(CloseCodes.REVOKED, "revoked"));
    if (!revoked.isEmpty()) {
      LOG.info("closed revoked sockets", kv("count", revoked.size()), kv("instance", instanceId));
    }
  }

  private void heartbeat() {
    if (!byId.isEmpty()) {
      registry.heartbeat(byId.values()).onFailure(e -> LOG.warn("cannot refresh the connection registry",
          kv("instance", instanceId), kv("error", e.getMessage())));
    }
  }

  /** Graceful stop: every client is told to go elsewhere (1001) and every entry leaves the registry. */
  Future<Void> closeAll() {
    vertx.cancelTimer(heartbeatTimer);
    List<Future<Void>> removed = new ArrayList<>();
    for (ProxiedSocket socket : List.copyOf(byId.values())) {
      socket.close(CloseCodes.GOING_AWAY, "going_away");
      removed.add(registry.close(socket).otherwiseEmpty());
    }
    return Future.join(removed).mapEmpty();
  }

  int size() {
    return byId.size();
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
