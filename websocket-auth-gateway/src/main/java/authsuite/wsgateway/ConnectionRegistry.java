package authsuite.wsgateway;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;

/**
 * The open sockets of every gateway instance: registered when a socket opens (refused past the per-user limit),
 * refreshed on each heartbeat with its counters, removed when it closes. A dead instance's entries expire after three
 * missed heartbeats. In Redis when configured, so that any instance answers about any socket.
 */
interface ConnectionRegistry {

  /** What the registry needs from an open socket. */
  interface Registered {
    String id();

    String userId();

    /** The entry as connection-info shows it (without channels, which the registry keeps). */
    JsonObject describe();
  }

  /** On a Redis Cluster ({@code cluster}), whose pipelines must stay on one node, commands are routed one by one. */
  static ConnectionRegistry redis(Redis redis, String keyPrefix, String instanceId, Duration heartbeat, boolean cluster,
                                  Clock clock) {
    return new RedisConnectionRegistry(redis, keyPrefix, instanceId, heartbeat, cluster, clock);
  }

  static ConnectionRegistry local() {
    return new LocalConnectionRegistry();
  }

  /** Registers the socket unless its user already holds {@code maxPerUser} live ones; completes with whether it did. */
  Future<Boolean> open(Registered socket, int maxPerUser);

  /** Re-announces these sockets (counters, expiry) and pushes their expiry one heartbeat further. */
  Future<Void> heartbeat(Collection<? extends Registered> sockets);

  /** Removes these sockets' entries (closes come in bursts: a client fleet reconnecting, an instance stopping). */
  Future<Void> close(Collection<? extends Registered> sockets);

  /** The entry, or null when no live socket has this id. */
  Future<JsonObject> byId(String connectionId);

  Future<JsonArray> byUser(String userId);

  /** Records that the socket was authorized on this channel (shown in connection-info). */
  Future<Void> addChannel(String connectionId, String channel);
}
