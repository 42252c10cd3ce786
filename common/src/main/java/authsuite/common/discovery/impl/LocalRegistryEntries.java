package authsuite.common.discovery.impl;

import authsuite.common.discovery.ServiceInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Entries in a Vert.x local map, which every verticle of the JVM shares; expiry is checked on read. */
public final class LocalRegistryEntries implements RegistryEntries {

  static final String MAP_NAME = "authsuite.registry";
  private static final String EXPIRES_AT_MS = "expires_at_ms";

  private final LocalMap<String, JsonObject> entries;

  public LocalRegistryEntries(Vertx vertx) {
    this.entries = vertx.sharedData().getLocalMap(MAP_NAME);
  }

  @Override
  public Future<Void> write(ServiceInstance instance, Duration ttl) {
    entries.put(key(instance), instance.toJson().put(EXPIRES_AT_MS, System.currentTimeMillis() + ttl.toMillis()));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(ServiceInstance instance) {
    entries.remove(key(instance));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<ServiceInstance>> live(String service) {
    return Future.succeededFuture(liveWhere(instance -> instance.service().equals(service)));
  }

  @Override
  public Future<List<ServiceInstance>> allLive() {
    return Future.succeededFuture(liveWhere(instance -> true));
  }

  private List<ServiceInstance> liveWhere(Predicate<ServiceInstance> wanted) {
    long now = System.currentTimeMillis();
    entries.entrySet().stream()
      .filter(entry -> entry.getValue().getLong(EXPIRES_AT_MS) <= now)
      .forEach(expired -> entries.removeIfPresent(expired.getKey(), expired.getValue()));
    return entries.values().stream()
      .filter(entry -> entry.getLong(EXPIRES_AT_MS) > now)
      .map(ServiceInstance::fromJson)
      .filter(wanted)
      .sorted(ORDER)
      .toList();
  }

  private static String key(ServiceInstance instance) {
    return instance.service() + ":" + instance.instanceId();
  }
}
