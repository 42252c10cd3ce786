package authsuite.common.discovery.impl;

import authsuite.common.discovery.ServiceInstance;
import authsuite.common.discovery.ServiceRegistration;
import authsuite.common.discovery.ServiceRegistry;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Configured URLs win over registrations: in DNS-named deployments the name in config is the address to use,
 * whatever addresses the instances behind it announce. Registrations still go to the delegate.
 */
public final class StaticUrlRegistry implements ServiceRegistry {

  static final String STATIC_INSTANCE_ID = "static";

  private final ServiceRegistry delegate;
  private final Map<String, String> staticUrls;
  private final Instant configuredAt = Instant.now();

  public StaticUrlRegistry(ServiceRegistry delegate, Map<String, String> staticUrlsByService) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.staticUrls = staticUrlsByService.entrySet().stream()
      .filter(entry -> entry.getValue() != null && !entry.getValue().isBlank())
      .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  @Override
  public Future<ServiceRegistration> register(String service, String url) {
    return delegate.register(service, url);
  }

  @Override
  public Future<List<ServiceInstance>> instances(String service) {
    String url = staticUrls.get(service);
    return url != null ? Future.succeededFuture(List.of(staticInstance(service, url))) : delegate.instances(service);
  }

  @Override
  public Future<List<ServiceInstance>> all() {
    return delegate.all().map(registered -> Stream.concat(
        registered.stream().filter(instance -> !staticUrls.containsKey(instance.service())),
        staticUrls.entrySet().stream().map(entry -> staticInstance(entry.getKey(), entry.getValue())))
      .sorted(RegistryEntries.ORDER)
      .toList());
  }

  /** A configured address is not a registration: there is nothing to remove for it. */
  @Override
  public Future<Void> evict(ServiceInstance instance) {
    return staticUrls.containsKey(instance.service()) ? Future.succeededFuture() : delegate.evict(instance);
  }

  /** Always "just heard from": a configured address has no heartbeat to miss. */
  private ServiceInstance staticInstance(String service, String url) {
    return new ServiceInstance(service, STATIC_INSTANCE_ID, url, configuredAt, Instant.now());
  }
}
