package authsuite.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The embedded index: user id -> {session id: deadline ms}, in a local map every verticle of the JVM shares. */
final class LocalUserSessionIndex implements UserSessionIndex {
  private final LocalMap<String, JsonObject> users;

  LocalUserSessionIndex(Vertx vertx) {
    this.users = vertx.sharedData().getLocalMap("authsuite.user-sessions");
  }

  @Override
  public Future<Void> add(String userId, String sessionId, Instant absoluteDeadline) {
    users.compute(userId, (id, held) -> live(held).put(sessionId, absoluteDeadline.toEpochMilli()));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<String>> list(String userId) {
    JsonObject held = users.computeIfPresent(userId, (id, entries) -> {
      JsonObject live = live(entries);
      return live.isEmpty() ? null : live;
    });
    return Future.succeededFuture(held == null ? List.of() : new ArrayList<>(held.fieldNames()));
  }

  @Override
  public Future<Void> remove(String userId, String sessionId) {
    users.computeIfPresent(userId, (id, held) -> {
      JsonObject left = held.copy();
      left.remove(sessionId);
      return left.isEmpty() ? null : left;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<List<String>> removeAll(String userId) {
    JsonObject held = users.remove(userId);
    return Future.succeededFuture(held == null ? List.of() : new ArrayList<>(live(held).fieldNames()));
  }

  private static JsonObject live(JsonObject entries) {
    JsonObject live = new JsonObject();
    long now = System.currentTimeMillis();
    if (entries != null) {
      for (Map.Entry<String, Object> entry : entries) {
        if (entry.getValue() instanceof Number deadline && deadline.longValue() > now) {
          live.put(entry.getKey(), deadline);
        }
      }
    }
    return live;
  }
}
