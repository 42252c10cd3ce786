package authsuite.common.platform;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.discovery.ServiceRegistration;
import authsuite.common.http.HttpDeadlines;
import authsuite.common.http.ServiceHttp;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The start-up every service shares: configuration, platform, contract, router, listen (with port
 * fallback), and registration of the address actually bound. A service supplies its name, what
 * it depends on, and the handlers of its contract's operations.
 */
public abstract class SuiteServiceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SuiteServiceVerticle.class);

  private ServicePlatform platform;
  private HttpServer server;
  private ServiceRegistration registration;
  private long registerRetry = -1;
  private boolean stopped;

  protected abstract SuiteService service();

  /** Builds what the handlers need (asynchronously) before the router is made; nothing by default. */
  protected Future<Void> prepare(ServicePlatform platform) {
    return Future.succeededFuture();
  }

  /** Releases what {@link #prepare} built, before the platform closes. */
  protected Future<Void> release() {
    return Future.succeededFuture();
  }

  /** Attaches handlers to this service's own operations, by operationId. */
  protected abstract void mountApi(ServicePlatform platform, RouterBuilder api);

  /** Routes outside the OpenAPI contract, mounted before it; none by default. */
  protected void mountRaw(ServicePlatform platform, Router router) {
  }

  /** The classpath resource holding this service's own OpenAPI operations. */
  protected String contractResource() {
    return ApiContract.defaultResource(service());
  }

  /** The service's additions to the shared HTTP server options (a WebSocket service's subprotocols); none by default. */
  protected HttpServerOptions serverOptions(HttpServerOptions options) {
    return options;
  }

  protected Set<Dependency> dependencies() {
    return Set.of(Dependency.critical(Dependency.Kind.REDIS));
  }

  @Override
  public Future<?> start() {
    SuiteConfig config = SuiteConfig.from(config());
    platform = ServicePlatform.create(vertx, config, service(), dependencies());
    return prepare(platform)
        .compose(prepared -> ApiContract.load(vertx, service(), contractResource()))
        .map(contract -> ServiceRouter.create(platform, contract, api -> mountApi(platform, api), raw -> mountRaw(platform, raw)))
        .compose(router -> ServiceHttp.listen(vertx, router, service().serviceName(), config.bindHost(),
            config.port(service()), config.portFallback(), HttpDeadlines.from(config), this::serverOptions))
        .compose(listening -> {
          server = listening;
          String url = "http://" + config.advertisedHost() + ":" + listening.actualPort();
          LOG.info("{} listening on {}", service().serviceName(), url, kv("service", service().serviceName()), kv("url", url),
              kv("requested_port", config.port(service())), kv("port", listening.actualPort()));
          return register(url);
        })
        .recover(failure -> stop().transform(ignored -> Future.failedFuture(failure)));
  }

  /**
   * A registry that cannot be written (Redis down) must not keep a service from serving: it
   * starts unregistered, and keeps trying once per heartbeat until the entry is written. The
   * returned future completes after the first attempt, whatever its outcome.
   */
  private Future<Void> register(String url) {
    return platform.registry().register(service().serviceName(), url)
        .onSuccess(registered -> registration = registered)
        .<Void>mapEmpty()
        .recover(failure -> {
          if (!stopped) {
            LOG.warn("cannot register yet; retrying", kv("service", service().serviceName()), kv("error", failure.getMessage()));
            registerRetry = vertx.setTimer(platform.config().registryHeartbeat().toMillis(), tick -> register(url));
          }
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(registerRetry);
    Future<Void> deregistered = registration != null ? registration.deregister().otherwiseEmpty() : Future.succeededFuture();
    return deregistered
        .compose(v -> server != null ? server.close() : Future.succeededFuture())
        .eventually(() -> platform != null ? release().eventually(platform::close) : Future.succeededFuture());
  }

  /** The port actually bound (after any fallback), or -1 before start. */
  public int port() {
    return server != null ? server.actualPort() : -1;
  }

  public ServicePlatform platform() {
    return platform;
  }
}
