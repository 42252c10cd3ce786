package authsuite.common.discovery;

import authsuite.common.discovery.impl.HeartbeatRegistry;
import authsuite.common.discovery.impl.LocalRegistryEntries;
import authsuite.common.discovery.impl.RedisRegistryEntries;
import authsuite.common.discovery.impl.StaticUrlRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where each service's instances can be reached. Every instance re-announces itself on a heartbeat and an entry
 * whose heartbeats stop expires after three intervals, so a crashed instance disappears without deregistering.
 */
public interface ServiceRegistry {

  Duration LOCAL_HEARTBEAT = Duration.ofSeconds(10);

  /** Entries in Redis on the caller's pooled client: {@code <keyPrefix>registry:{<service>}:<instanceId>}. */
  static ServiceRegistry redis(Vertx vertx, Redis redis, String keyPrefix, Duration heartbeatInterval) {
    return new HeartbeatRegistry(vertx, new RedisRegistryEntries(redis, keyPrefix), heartbeatInterval);
  }

  /** Entries in a Vert.x local map, so the verticles of one JVM see each other; heartbeat {@link #LOCAL_HEARTBEAT}. */
  static ServiceRegistry local(Vertx vertx) {
    return local(vertx, LOCAL_HEARTBEAT);
  }

  static ServiceRegistry local(Vertx vertx, Duration heartbeatInterval) {
    return new HeartbeatRegistry(vertx, new LocalRegistryEntries(vertx), heartbeatInterval);
  }

  /**
   * A service with a configured URL ({@code <SERVICE>_URL}, keyed here by service name) resolves to that URL alone,
   * as one instance with id {@code "static"}, whatever registered; the others are looked up in {@code delegate}.
   */
  static ServiceRegistry withStaticUrls(ServiceRegistry delegate, Map<String, String> staticUrlsByService) {
    return new StaticUrlRegistry(delegate, staticUrlsByService);
  }

  /** Registers {@code url} under a random instance id and keeps it alive with a periodic heartbeat. */
  Future<ServiceRegistration> register(String service, String url);

  /** The live instances of {@code service}; empty when none. */
  Future<List<ServiceInstance>> instances(String service);

  /** Every live instance of every service. */
  Future<List<ServiceInstance>> all();

  /**
   * Removes another instance's entry now, without waiting for it to expire: for an instance known to be gone (nothing
   * listens at its address any more). An instance that is in fact alive writes its entry back on its next heartbeat.
   */
  Future<Void> evict(ServiceInstance instance);
}
