package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.config.Redacted;
import authsuite.common.discovery.ServiceInstance;
import authsuite.common.platform.ServicePlatform;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Which targets a round probes: every live instance of every suite service as the registry has
 * it now (the address each actually bound, or its static {@code <SERVICE>_URL}), and the
 * configured dependencies. A registry that cannot be read (Redis down) leaves the last known
 * instances in place rather than reporting every service gone.
 */
final class ProbeRound {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeRound.class);

  private final ServicePlatform platform;
  private final Probes probes;
  private final List<ProbeTarget> dependencies = new ArrayList<>();
  private final List<ProbeTarget> configuredServices = new ArrayList<>();
  private final long timeoutMs;
  private List<ProbeTarget> lastKnownServices = List.of();

  ProbeRound(ServicePlatform platform, Probes probes, CoordinatorSettings settings) {
    this.platform = platform;
    this.probes = probes;
    this.timeoutMs = settings.probeTimeout().toMillis();
    platform.redis().ifPresent(redis -> dependencies.add(new ProbeTarget(IntegrationReport.REDIS, IntegrationReport.REDIS, null,
        platform.config().redis().map(r -> Redacted.url(r.urls().get(0))).orElse(null), true, probes.redis(redis))));
    platform.postgres().ifPresent(pool -> dependencies.add(new ProbeTarget(IntegrationReport.POSTGRES, IntegrationReport.POSTGRES,
        null, platform.config().database().map(d -> Redacted.url(d.url())).orElse(null), false, probes.postgres(pool))));
    settings.primaryAuthUrl().ifPresent(url -> dependencies.add(new ProbeTarget(IntegrationReport.PRIMARY_AUTH,
        IntegrationReport.PRIMARY_AUTH, null, Redacted.url(url), true,
        probes.primaryAuth(url + settings.primaryAuthHealthPath()))));
    Instant configuredAt = Instant.now();
    for (SuiteService service : SuiteService.values()) {
      platform.config().staticUrl(service).ifPresent(url -> serviceTarget(
          new ServiceInstance(service.serviceName(), "static", url, configuredAt, configuredAt)).ifPresent(configuredServices::add));
    }
  }

  Future<List<ProbeTarget>> targets() {
    // a registry read that hangs (Redis overloaded) must not hold up the round: it is one more failed probe
    return platform.registry().all().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(instances -> {
          List<ProbeTarget> services = new ArrayList<>();
          for (ServiceInstance instance : instances) {
            serviceTarget(instance).ifPresent(services::add);
          }
          lastKnownServices = services;
          return services;
        })
        .recover(unreadable -> {
          LOG.warn("cannot read the service registry; probing the instances last known", kv("error", unreadable.getMessage()));
          return Future.succeededFuture(lastKnownOrConfigured());
        })
        .map(services -> {
          List<ProbeTarget> all = new ArrayList<>(services);
          all.addAll(dependencies);
          return all;
        });
  }

  /** Static {@code <SERVICE>_URL}s need no registry: they are probed even if it was never readable. */
  private List<ProbeTarget> lastKnownOrConfigured() {
    List<ProbeTarget> targets = new ArrayList<>(configuredServices);
    lastKnownServices.stream()
        .filter(known -> configuredServices.stream().noneMatch(configured -> configured.group().equals(known.group())))
        .forEach(targets::add);
    return targets;
  }

  private Optional<ProbeTarget> serviceTarget(ServiceInstance instance) {
    return SuiteService.byName(instance.service()).map(service -> {
      String url = instance.url().endsWith("/") ? instance.url().substring(0, instance.url().length() - 1) : instance.url();
      return new ProbeTarget(service.serviceName() + "/" + instance.instanceId(), service.healthKey(), instance.instanceId(),
          Redacted.url(url), IntegrationReport.CRITICAL.contains(service), probes.serviceHealth(url));
    });
  }
}
