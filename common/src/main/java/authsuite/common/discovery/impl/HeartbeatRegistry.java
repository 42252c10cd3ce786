package authsuite.common.discovery.impl;

import authsuite.common.discovery.ServiceInstance;
import authsuite.common.discovery.ServiceRegistration;
import authsuite.common.discovery.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

public final class HeartbeatRegistry implements ServiceRegistry {

  private static final int MISSED_HEARTBEATS_BEFORE_EXPIRY = 3;
  // ':' separates the parts of a Redis key, so a service name must not contain one
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final RegistryEntries entries;
  private final Duration heartbeatInterval;
  private final Duration entryTtl;

  public HeartbeatRegistry(Vertx vertx, RegistryEntries entries, Duration heartbeatInterval) {
    if (heartbeatInterval == null || heartbeatInterval.toMillis() < 1) {
      throw new IllegalArgumentException("heartbeat interval must be at least 1 ms, got " + heartbeatInterval);
    }
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.entries = Objects.requireNonNull(entries, "entries");
    this.heartbeatInterval = heartbeatInterval;
    this.entryTtl = heartbeatInterval.multipliedBy(MISSED_HEARTBEATS_BEFORE_EXPIRY);
  }

  @Override
  public Future<ServiceRegistration> register(String service, String url) {
    if (service == null || !SERVICE_NAME.matcher(service).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not a service name: " + service));
    }
    if (url == null || url.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("a service instance needs a url"));
    }
    Instant now = Instant.now();
    ServiceInstance instance = new ServiceInstance(service, newInstanceId(), url, now, now);
    return entries.write(instance, entryTtl)
      .map(written -> new HeartbeatRegistration(vertx, entries, instance, heartbeatInterval, entryTtl));
  }

  @Override
  public Future<List<ServiceInstance>> instances(String service) {
    return entries.live(Objects.requireNonNull(service, "service"));
  }

  @Override
  public Future<List<ServiceInstance>> all() {
    return entries.allLive();
  }

  @Override
  public Future<Void> evict(ServiceInstance instance) {
    return entries.remove(Objects.requireNonNull(instance, "instance"));
  }

  private static String newInstanceId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
