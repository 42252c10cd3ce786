package authsuite.common.discovery.impl;

import authsuite.common.discovery.ServiceInstance;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Where registry entries are kept: each written with a time to live, read back only while alive. */
public interface RegistryEntries {

  Comparator<ServiceInstance> ORDER = Comparator.comparing(ServiceInstance::service)
    .thenComparing(ServiceInstance::registeredAt)
    .thenComparing(ServiceInstance::instanceId);

  Future<Void> write(ServiceInstance instance, Duration ttl);

  Future<Void> remove(ServiceInstance instance);

  Future<List<ServiceInstance>> live(String service);

  Future<List<ServiceInstance>> allLive();
}
