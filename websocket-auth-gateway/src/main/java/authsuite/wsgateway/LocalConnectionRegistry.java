package authsuite.wsgateway;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The registry of one instance without Redis (the embedded default): the sockets it holds, read live. */
final class LocalConnectionRegistry implements ConnectionRegistry {
  private final Map<String, Registered> sockets = new HashMap<>();
  private final Map<String, Set<String>> channels = new HashMap<>();

  @Override
  public Future<Boolean> open(Registered socket, int maxPerUser) {
    long held = sockets.values().stream().filter(s -> s.userId().equals(socket.userId())).count();
    if (held >= maxPerUser) {
      return Future.succeededFuture(false);
    }
    sockets.put(socket.id(), socket);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> heartbeat(Collection<? extends Registered> live) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close(Collection<? extends Registered> closed) {
    for (Registered socket : closed) {
      sockets.remove(socket.id());
      channels.remove(socket.id());
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> byId(String connectionId) {
    Registered socket = sockets.get(connectionId);
    return Future.succeededFuture(socket == null ? null : entry(socket));
  }

  @Override
  public Future<JsonArray> byUser(String userId) {
    JsonArray entries = new JsonArray();
    sockets.values().stream().filter(s -> s.userId().equals(userId)).forEach(s -> entries.add(entry(s)));
    return Future.succeededFuture(entries);
  }

  @Override
  public Future<Void> addChannel(String connectionId, String channel) {
    if (sockets.containsKey(connectionId)) {
      channels.computeIfAbsent(connectionId, id -> new LinkedHashSet<>()).add(channel);
    }
    return Future.succeededFuture();
  }

  private JsonObject entry(Registered socket) {
    return socket.describe().put("channels", new JsonArray(java.util.List.copyOf(channels.getOrDefault(socket.id(), Set.of()))));
  }
}
