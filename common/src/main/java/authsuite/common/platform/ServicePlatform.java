package authsuite.common.platform;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.discovery.ServiceRegistry;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.http.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a service stands on, built once at start from configuration: Redis and PostgreSQL clients
 * when configured, and the auth-event channel and service registry on top of them
 * (in-memory and in-process when the suite runs embedded).
 */
public final class ServicePlatform {
  public static final String LOCAL_EVENTS_ADDRESS = "authsuite.auth-events";

  private final Vertx vertx;
  private final SuiteConfig config;
  private final SuiteService service;
  private final Set<Dependency> dependencies;
  private final Optional<Redis> redis;
  private final Optional<Pool> postgres;
  private final AuthEventChannel events;
  private final ServiceRegistry registry;
  private final PrometheusMeterRegistry metrics;
  private final Readiness readiness = new Readiness();

  private ServicePlatform(Vertx vertx, SuiteConfig config, SuiteService service, Set<Dependency> declared) {
    this.vertx = vertx;
    this.config = config;
    this.service = service;
    this.redis = config.redis().map(settings -> RedisClients.create(vertx, settings));
    this.postgres = declared.stream().anyMatch(d -> d.kind() == Dependency.Kind.POSTGRES)
        ? config.database().map(settings -> PgPools.create(vertx, settings))
        : Optional.empty();
    this.dependencies = declared.stream()
        .filter(d -> d.kind() == Dependency.Kind.REDIS ? redis.isPresent() : postgres.isPresent())
        .collect(Collectors.toUnmodifiableSet());
    this.events = config.redis()
        .map(settings -> AuthEventChannel.redis(vertx, redis.orElseThrow(), RedisClients.options(settings), keyPrefix() + "auth-events"))
        .orElseGet(() -> AuthEventChannel.local(vertx, LOCAL_EVENTS_ADDRESS));
    this.registry = ServiceRegistry.withStaticUrls(
        redis.map(r -> ServiceRegistry.redis(vertx, r, keyPrefix(), config.registryHeartbeat())).orElseGet(() -> ServiceRegistry.local(vertx, config.registryHeartbeat())),
        staticUrls(config));
    this.metrics = ServiceMetrics.registry();
  }

  /** @param dependencies what the service checks; those not configured (embedded mode) are left out */
  public static ServicePlatform create(Vertx vertx, SuiteConfig config, SuiteService service, Set<Dependency> dependencies) {
    return new ServicePlatform(vertx, config, service, dependencies);
  }

  private static Map<String, String> staticUrls(SuiteConfig config) {
    return java.util.Arrays.stream(SuiteService.values())
        .filter(s -> config.staticUrl(s).isPresent())
        .collect(Collectors.toMap(SuiteService::serviceName, s -> config.staticUrl(s).orElseThrow()));
  }

  public Vertx vertx() {
    return vertx;
  }

  public SuiteConfig config() {
    return config;
  }

  public SuiteService service() {
    return service;
  }

  public Set<Dependency> dependencies() {
    return dependencies;
  }

  public Optional<Redis> redis() {
    return redis;
  }

  public Optional<Pool> postgres() {
    return postgres;
  }

  public AuthEventChannel events() {
    return events;
  }

  public ServiceRegistry registry() {
    return registry;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** Whether this instance takes requests: what {@code /health/ready} answers. */
  public Readiness readiness() {
    return readiness;
  }

  public String keyPrefix() {
    return config.redis().map(r -> r.keyPrefix()).orElse("authsuite:");
  }

  public Future<Void> close() {
    List<Future<?>> closing = new ArrayList<>();
    closing.add(events.close());
    redis.ifPresent(r -> closing.add(r.close()));
    postgres.ifPresent(p -> closing.add(p.close()));
    return Future.join(closing).mapEmpty();
  }
}
