package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.LoadedConfig;
import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.coordinator.CoordinatorVerticle;
import authsuite.launcher.demo.DemoStandIns;
import authsuite.fallback.FallbackProviderVerticle;
import authsuite.jwt.TokenAdapterVerticle;
import authsuite.session.SessionNormalizerVerticle;
import authsuite.wsgateway.WebSocketGatewayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Starts services in dependency order (the order of {@link SuiteService}), each only after the one
 * before it answers {@code /health}, within a bounded wait.
 */
public final class SuiteRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SuiteRunner.class);
  /** How long the launcher waits for every service to answer its health check before it gives up. */
  static final Setting HEALTH_WAIT = Setting.number("HEALTH_WAIT_S", 30, 1, 3_600);
  private static final long POLL_MS = 200;

  public record RunningService(SuiteService service, String deploymentId, int port) {
  }

  private SuiteRunner() {
  }

  public static Future<List<RunningService>> start(Vertx vertx, Map<String, String> environment, List<String> serviceNames) {
    return start(vertx, environment, serviceNames, deployed -> { });
  }

  /** As {@link #start(Vertx, Map, List)}, handing each service to {@code onDeployed} as soon as it is deployed (to be drained). */
  public static Future<List<RunningService>> start(Vertx vertx, Map<String, String> environment, List<String> serviceNames,
                                                   Consumer<SuiteServiceVerticle> onDeployed) {
    List<SuiteService> services;
    try {
      services = select(serviceNames);
    } catch (UsageException e) {
      return Future.failedFuture(e);
    }
    boolean wholeSuite = services.size() == SuiteService.values().length;
    return ConfigLoader.load(vertx, environment).compose(loaded -> {
      announce(loaded);
      return wholeSuite ? DemoStandIns.besideSuite(vertx, loaded.config()).map(SuiteRunner::announceStandIns) : Future.succeededFuture(loaded.config());
    }).compose(config -> {
      long waitMs = HEALTH_WAIT.seconds(config).toMillis();
      WebClient client = WebClient.create(vertx);
      Future<List<RunningService>> chain = Future.succeededFuture(new ArrayList<>());
      for (SuiteService service : services) {
        chain = chain.compose(running -> deploy(vertx, client, service, config, waitMs, onDeployed).map(started -> {
          running.add(started);
          return running;
        }));
      }
      return chain.onComplete(done -> client.close()).onSuccess(running ->
          LOG.info("authsuite ready: {} service(s) running", running.size(), kv("services", running.stream().map(r -> r.service().serviceName()).toList())));
    });
  }

  private static SuiteConfig announceStandIns(DemoStandIns.Outcome outcome) {
    if (!outcome.started().isEmpty()) {
      LOG.warn("DEVELOPMENT STAND-INS (dev profile only; DEMO_STAND_INS=off turns them off): {}. The demo user and its password are in the README",
          String.join("; ", outcome.started()), kv("stand_ins", outcome.started()));
    }
    return outcome.config();
  }

  static List<SuiteService> select(List<String> names) {
    if (names.isEmpty() || (names.size() == 1 && names.get(0).equals("run"))) {
      return List.of(SuiteService.values());
    }
    List<SuiteService> chosen = new ArrayList<>();
    for (String name : names) {
      chosen.add(SuiteService.byName(name).orElseThrow(() -> new UsageException("unknown service or command '" + name
          + "' (run with --help for the list)")));
    }
    return chosen.stream().distinct().sorted().toList();
  }

  private static Future<RunningService> deploy(Vertx vertx, WebClient client, SuiteService service, SuiteConfig config, long waitMs,
                                               Consumer<SuiteServiceVerticle> onDeployed) {
    SuiteServiceVerticle verticle = create(service);
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.toJson()))
        .onSuccess(id -> onDeployed.accept(verticle))
        .recover(failure -> Future.failedFuture(new IllegalStateException(service.serviceName() + " did not start: " + failure.getMessage(), failure)))
        .compose(id -> awaitHealthy(vertx, client, service, verticle.port(), System.currentTimeMillis() + waitMs)
            .map(new RunningService(service, id, verticle.port())));
  }

  private static Future<Void> awaitHealthy(Vertx vertx, WebClient client, SuiteService service, int port, long deadline) {
    return client.get(port, "127.0.0.1", "/health").send()
        .transform(answer -> {
          if (answer.succeeded() && answer.result().statusCode() == 200) {
            return Future.<Void>succeededFuture();
          }
          if (System.currentTimeMillis() > deadline) {
            String why = answer.succeeded() ? "status " + answer.result().statusCode() : answer.cause().getMessage();
            return Future.<Void>failedFuture(service.serviceName() + " did not become healthy in time (" + why + ")");
          }
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(POLL_MS, tick -> awaitHealthy(vertx, client, service, port, deadline).onComplete(retried));
          return retried.future();
        });
  }

  /**
   * Drains every service at once (each leaves readiness and the registry, waits SHUTDOWN_DELAY_S, lets its requests
   * finish): what a SIGTERM does before the Vert.x instance closes.
   */
  public static Future<Void> drain(Collection<SuiteServiceVerticle> services) {
    return Future.join(services.stream().map(SuiteServiceVerticle::drain).toList()).mapEmpty();
  }

  static SuiteServiceVerticle create(SuiteService service) {
    return switch (service) {
      case JWT_TOKEN_ADAPTER -> new TokenAdapterVerticle();
      case SESSION_VALIDATION_NORMALIZER -> new SessionNormalizerVerticle();
      case FALLBACK_SESSION_PROVIDER -> new FallbackProviderVerticle();
      case WEBSOCKET_AUTH_GATEWAY -> new WebSocketGatewayVerticle();
      case SERVICE_BOUNDARY_COORDINATOR -> new CoordinatorVerticle();
    };
  }

  /**
   * One WARN line per variable that looks like a setting without being one (the prod profile refuses them),
   * then one start-up line that says plainly what the suite runs on, and loudly when it is not production-ready.
   */
  private static void announce(LoadedConfig loaded) {
    loaded.misnamed().forEach(problem -> LOG.warn("{}: {}", problem.name(), problem.message(), kv("misnamed_setting", problem.name())));
    SuiteConfig config = loaded.config();
    List<String> caveats = new ArrayList<>();
    if (config.embedded()) {
      caveats.add("no REDIS_URL, so sessions, auth events and the service registry are in memory");
    }
    if (config.database().isEmpty()) {
      caveats.add("no DATABASE_URL");
    }
    if (!loaded.generatedSecrets().isEmpty()) {
      caveats.add("generated throwaway " + String.join(", ", loaded.generatedSecrets()) + " (tokens die with this process)");
    }
    String profile = config.profile().name().toLowerCase();
    if (caveats.isEmpty()) {
      LOG.info("authsuite starting (profile {}) on Redis and PostgreSQL", profile);
      return;
    }
    LOG.warn("authsuite is running on {} (profile {}): {}. Not for production.",
        config.embedded() ? "EMBEDDED defaults" : "partial defaults", profile, String.join("; ", caveats),
        kv("embedded", config.embedded()), kv("generated_secrets", loaded.generatedSecrets()));
  }
}
