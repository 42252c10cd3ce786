package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.config.Redacted;
import authsuite.common.config.SuiteConfig;
import authsuite.common.discovery.ServiceInstance;
import authsuite.common.discovery.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Which targets a round probes: every live instance of every suite service as the registry has
 * it now (the address each actually bound, or its static {@code <SERVICE>_URL}), and the
 * configured dependencies. A registry that cannot be read (Redis down) leaves the last known
 * instances in place rather than reporting every service gone.
 *
 * <p>An instance whose probe is refused at the TCP level has no process behind its address any more (killed,
 * crashed, its host gone): it is removed from the registry at once and left out of the report, rather than shown as
 * an open circuit until its entry expires three heartbeats later (docs/robustness.md, a refused probe is a
 * departure). A probe that times out or answers an error is not a departure: a hung or sick instance stays, and its
 * circuit opens. An instance that was refused only for a moment writes its entry back on its next heartbeat.
 */
final class ProbeRound {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeRound.class);

  private final ServiceRegistry registry;
  private final Probes probes;
  private final List<ProbeTarget> dependencies = new ArrayList<>();
  private final List<ProbeTarget> configuredServices = new ArrayList<>();
  private final long timeoutMs;
  private List<ProbeTarget> lastKnownServices = List.of();
  private final Set<String> departed = new HashSet<>();

  /** @param redis / postgres the clients of the configured dependencies, probed each round; empty when not configured */
  ProbeRound(ServiceRegistry registry, Optional<Redis> redis, Optional<Pool> postgres, SuiteConfig config, Probes probes,
             CoordinatorSettings settings, Clock clock) {
    this.registry = registry;
    this.probes = probes;
    this.timeoutMs = settings.probeTimeout().toMillis();
    redis.ifPresent(client -> dependencies.add(new ProbeTarget(IntegrationReport.REDIS, IntegrationReport.REDIS, null,
        config.redis().map(r -> Redacted.url(r.urls().get(0))).orElse(null), true, probes.redis(client))));
    postgres.ifPresent(pool -> dependencies.add(new ProbeTarget(IntegrationReport.POSTGRES, IntegrationReport.POSTGRES,
        null, config.database().map(d -> Redacted.url(d.url())).orElse(null), false, probes.postgres(pool))));
    settings.primaryAuthUrl().ifPresent(url -> dependencies.add(new ProbeTarget(IntegrationReport.PRIMARY_AUTH,
        IntegrationReport.PRIMARY_AUTH, null, Redacted.url(url), true,
        probes.primaryAuth(url + settings.primaryAuthHealthPath()))));
    Instant configuredAt = clock.instant();
    for (SuiteService service : SuiteService.values()) {
      config.staticUrl(service).ifPresent(url -> serviceTarget(
          new ServiceInstance(service.serviceName(), "static", url, configuredAt, configuredAt), false)
          .ifPresent(configuredServices::add));
    }
  }

  Future<List<ProbeTarget>> targets() {
    // a registry read that hangs (Redis overloaded) must not hold up the round: it is one more failed probe
    return registry.all().timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(instances -> {
          List<ProbeTarget> services = new ArrayList<>();
          departed.clear();
          for (ServiceInstance instance : instances) {
            serviceTarget(instance, !"static".equals(instance.instanceId())).ifPresent(services::add);
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
        .filter(known -> !departed.contains(known.key()))
        .filter(known -> configuredServices.stream().noneMatch(configured -> configured.group().equals(known.group())))
        .forEach(targets::add);
    return targets;
  }

  /** Whether the target's last probe found nothing listening at its address: it is no longer reported. */
  boolean departed(ProbeTarget target) {
    return departed.contains(target.key());
  }

  private Optional<ProbeTarget> serviceTarget(ServiceInstance instance, boolean registered) {
    return SuiteService.byName(instance.service()).map(service -> {
      String url = instance.url().endsWith("/") ? instance.url().substring(0, instance.url().length() - 1) : instance.url();
      String key = service.serviceName() + "/" + instance.instanceId();
      Supplier<Future<String>> health = probes.serviceHealth(url);
      Supplier<Future<String>> probe = !registered ? health
          : () -> health.get().onFailure(cause -> departIfRefused(key, instance, cause));
      return new ProbeTarget(key, service.healthKey(), instance.instanceId(), Redacted.url(url),
          IntegrationReport.CRITICAL.contains(service), probe);
    });
  }

  private void departIfRefused(String key, ServiceInstance instance, Throwable cause) {
    if (!Probes.refused(cause) || !departed.add(key)) {
      return;
    }
    LOG.warn("nothing listens at {} any more: removing {} from the registry", Redacted.url(instance.url()), key,
        kv("target", key), kv("error", cause.getMessage()));
    registry.evict(instance).onFailure(notRemoved -> LOG.warn(
        "could not remove {} from the registry; its entry expires by itself", key, kv("error", notRemoved.getMessage())));
  }
}
