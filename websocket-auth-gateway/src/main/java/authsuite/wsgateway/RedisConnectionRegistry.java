package authsuite.wsgateway;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Layout under {@code <prefix>ws:}: {@code conn:<id>} a hash per socket (its entry, plus {@code ch:<channel>} fields
 * for authorized channels), {@code user:<userId>} a sorted set of the user's socket ids scored by last heartbeat,
 * {@code instance:<instanceId>} the set of an instance's sockets. Every key lives three heartbeats unless refreshed,
 * and user-set members older than that are pruned on read, so a dead instance's sockets vanish on their own.
 * One socket's keys live on different Redis Cluster slots (its id, its user, its instance), so on a cluster, where
 * a pipeline must stay on one node, the commands go one by one over one cluster connection, each to its slot's node.
 */
final class RedisConnectionRegistry implements ConnectionRegistry {
  private static final int LIVE_HEARTBEATS = 3;
  private static final int BATCH = 256;
  private static final String CHANNEL_FIELD = "ch:";
  private static final Set<String> NUMBERS = Set.of("frames_in", "frames_out", "bytes_in", "bytes_out");
  private static final Set<String> ARRAYS = Set.of("roles");
  /** Prune dead members, count the live ones, add this one if under the limit: atomic, so two instances cannot both pass. */
  private static final RedisScript OPEN = new RedisScript("""
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
      if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
      redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      return 1
      """);

  private final Redis redis;
  private final String prefix;
  private final String instanceKey;
  private final long ttlMs;
  private final boolean cluster;
  private final Clock clock;

  /** @param clock what heartbeats are scored with, and liveness judged by */
  RedisConnectionRegistry(Redis redis, String keyPrefix, String instanceId, Duration heartbeat, boolean cluster, Clock clock) {
    this.redis = redis;
    this.cluster = cluster;
    this.clock = clock;
    this.prefix = keyPrefix + "ws:";
    this.instanceKey = prefix + "instance:" + instanceId;
    this.ttlMs = heartbeat.toMillis() * LIVE_HEARTBEATS;
  }

  @Override
  public Future<Boolean> open(Registered socket, int maxPerUser) {
    long now = clock.millis();
    return OPEN.run(redis, List.of(userKey(socket.userId())), List.of(now, now - ttlMs, maxPerUser, socket.id(), ttlMs))
        .compose(added -> added.toInteger() == 0 ? Future.succeededFuture(false)
            : batch(List.of(entryWrite(socket), expire(connKey(socket.id())),
                Request.cmd(Command.SADD, instanceKey, socket.id()), expire(instanceKey))).map(true));
  }

  @Override
  public Future<Void> heartbeat(Collection<? extends Registered> sockets) {
    long now = clock.millis();
    List<Request> requests = new ArrayList<>();
    for (Registered socket : sockets) {
      requests.add(entryWrite(socket));
      requests.add(expire(connKey(socket.id())));
      requests.add(Request.cmd(Command.ZADD, userKey(socket.userId()), now, socket.id()));
      requests.add(expire(userKey(socket.userId())));
    }
    requests.add(expire(instanceKey));
    return batchesInTurn(requests, 0);
  }

  /** One pipeline at a time: 10,000 sockets make 40,000 commands, more than a pooled connection may have waiting. */
  private Future<Void> batchesInTurn(List<Request> requests, int from) {
    if (from >= requests.size()) {
      return Future.succeededFuture();
    }
    return batch(requests.subList(from, Math.min(requests.size(), from + BATCH)))
        .compose(sent -> batchesInTurn(requests, from + BATCH));
  }

  @Override
  public Future<Void> close(Collection<? extends Registered> sockets) {
    List<Request> requests = new ArrayList<>();
    for (Registered socket : sockets) {
      requests.add(Request.cmd(Command.DEL, connKey(socket.id())));
      requests.add(Request.cmd(Command.ZREM, userKey(socket.userId()), socket.id()));
      requests.add(Request.cmd(Command.SREM, instanceKey, socket.id()));
    }
    return batchesInTurn(requests, 0);
  }

  @Override
  public Future<JsonObject> byId(String connectionId) {
    return DependencyUnavailableException.whenFailing("redis", redis.send(Request.cmd(Command.HGETALL, connKey(connectionId))))
        .map(RedisConnectionRegistry::entry);
  }

  @Override
  public Future<JsonArray> byUser(String userId) {
    long liveSince = clock.millis() - ttlMs;
    return DependencyUnavailableException.whenFailing("redis",
            redis.send(Request.cmd(Command.ZRANGEBYSCORE, userKey(userId), liveSince, "+inf")))
        .compose(ids -> {
          if (ids == null || ids.size() == 0) {
            return Future.succeededFuture(List.<Response>of());
          }
          List<Request> reads = new ArrayList<>();
          ids.forEach(id -> reads.add(Request.cmd(Command.HGETALL, connKey(id.toString()))));
          return DependencyUnavailableException.whenFailing("redis", pipeline(reads));
        })
        .map(hashes -> {
          JsonArray entries = new JsonArray();
          hashes.stream().map(RedisConnectionRegistry::entry).filter(e -> e != null).forEach(entries::add);
          return entries;
        });
  }

  @Override
  public Future<Void> addChannel(String connectionId, String channel) {
    // HSET on a hash that has expired would bring it back without expiry: only touch a live one
    return DependencyUnavailableException.whenFailing("redis",
        redis.send(Request.cmd(Command.EXISTS, connKey(connectionId)))
            .compose(exists -> exists.toInteger() == 0 ? Future.succeededFuture()
                : redis.send(Request.cmd(Command.HSET, connKey(connectionId), CHANNEL_FIELD + channel, "1")).mapEmpty()));
  }

  private Request entryWrite(Registered socket) {
    Request request = Request.cmd(Command.HSET).arg(connKey(socket.id()));
    socket.describe().forEach(field -> {
      if (field.getValue() != null) {
        request.arg(field.getKey()).arg(field.getValue() instanceof JsonArray array ? array.encode() : field.getValue().toString());
      }
    });
    return request;
  }

  private Request expire(String key) {
    return Request.cmd(Command.PEXPIRE, key, ttlMs);
  }

  private Future<Void> batch(List<Request> requests) {
    return DependencyUnavailableException.whenFailing("redis", pipeline(requests)).mapEmpty();
  }

  private Future<List<Response>> pipeline(List<Request> requests) {
    if (!cluster) {
      return redis.batch(requests);
    }
    return redis.connect().compose(connection -> {
      List<Future<Response>> replies = requests.stream().map(connection::send).toList();
      return Future.all(replies).<List<Response>>map(all -> all.list()).eventually(connection::close);
    });
  }

  private String connKey(String id) {
    return prefix + "conn:" + id;
  }

  private String userKey(String userId) {
    return prefix + "user:" + userId;
  }

  private static JsonObject entry(Response hash) {
    if (hash == null || hash.size() == 0) {
      return null;
    }
    JsonObject entry = new JsonObject();
    JsonArray channels = new JsonArray();
    for (String field : hash.getKeys()) {
      String value = hash.get(field).toString();
      if (field.startsWith(CHANNEL_FIELD)) {
        channels.add(field.substring(CHANNEL_FIELD.length()));
      } else if (NUMBERS.contains(field)) {
        entry.put(field, Long.parseLong(value));
      } else if (ARRAYS.contains(field)) {
        entry.put(field, new JsonArray(value));
      } else {
        entry.put(field, value);
      }
    }
    return entry.put("channels", channels);
  }
}
