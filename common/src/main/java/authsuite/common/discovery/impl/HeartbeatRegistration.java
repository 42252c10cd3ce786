package authsuite.common.discovery.impl;

import authsuite.common.discovery.ServiceInstance;
import authsuite.common.discovery.ServiceRegistration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

final class HeartbeatRegistration implements ServiceRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatRegistration.class);

  private final Vertx vertx;
  private final RegistryEntries entries;
  private final Duration entryTtl;
  private final long heartbeatTimer;
  private volatile ServiceInstance instance;
  private volatile Future<Void> lastBeat = Future.succeededFuture();
  private volatile boolean deregistered;

  HeartbeatRegistration(Vertx vertx, RegistryEntries entries, ServiceInstance instance, Duration interval,
                        Duration entryTtl) {
    this.vertx = vertx;
    this.entries = entries;
    this.entryTtl = entryTtl;
    this.instance = instance;
    this.heartbeatTimer = vertx.setPeriodic(interval.toMillis(), id -> beat());
  }

  @Override
  public ServiceInstance instance() {
    return instance;
  }

  @Override
  public Future<Void> deregister() {
    deregistered = true;
    vertx.cancelTimer(heartbeatTimer);
    // a beat still in flight would otherwise write the entry back after we removed it
    return lastBeat.otherwiseEmpty().compose(v -> entries.remove(instance));
  }

  private void beat() {
    if (deregistered) {
      return;
    }
    ServiceInstance beating = instance.withHeartbeat(Instant.now());
    instance = beating;
    // a missed beat is not fatal: the entry outlives two of them, and the next beat rewrites it whole
    lastBeat = entries.write(beating, entryTtl).onFailure(cause -> LOG.warn("heartbeat of {} {} failed: {}",
      beating.service(), beating.instanceId(), cause.getMessage()));
  }
}
