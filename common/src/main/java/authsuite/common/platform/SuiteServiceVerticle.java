package authsuite.common.platform;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.discovery.ServiceRegistration;
import authsuite.common.http.HttpDeadlines;
import authsuite.common.http.ServiceHttp;
import authsuite.common.telemetry.RequestContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The start-up every service shares: configuration, platform, contract, router, listen (with port
 * fallback), and registration of the address actually bound; and the graceful drain that undoes it
 * ({@link #drain()}). A service supplies its name, what it depends on, and the handlers of its
 * contract's operations.
 */
public abstract class SuiteServiceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SuiteServiceVerticle.class);
  /** A registry that does not answer (Redis hanging) must not hold the drain up: the entry then expires on its own. */
  private static final long DEREGISTER_PATIENCE_MS = 2_000;

  private ServicePlatform platform;
  private HttpServer server;
  private ServiceRegistration registration;
  private long registerRetry = -1;
  private boolean stopped;
  private final AtomicReference<Future<Void>> drained = new AtomicReference<>();

  protected abstract SuiteService service();

  /** Builds what the handlers need (asynchronously) before the router is made; nothing by default. */
  protected Future<Void> prepare(ServicePlatform platform) {
    return Future.succeededFuture();
  }

  /** Releases what {@link #prepare} built, before the platform closes. */
  protected Future<Void> release() {
    return Future.succeededFuture();
  }

  /**
   * Ends the connections the server would otherwise wait for until the shutdown timeout, before it stops accepting:
   * WebSockets, event streams. Nothing by default.
   */
  protected Future<Void> closeLongLivedConnections() {
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
    RequestContext.runsService(context, service().serviceName()); // whose spans this deployment's are (SuiteTracer)
    SuiteConfig config = SuiteConfig.from(config());
    platform = ServicePlatform.create(vertx, config, service(), dependencies());
    return prepare(platform)
        .compose(prepared -> ApiContract.load(vertx, service(), contractResource()))
        .map(contract -> ServiceRouter.create(platform, contract, api -> mountApi(platform, api), raw -> mountRaw(platform, raw)))
        .compose(router -> ServiceHttp.listen(vertx, router, service().serviceName(), config.bindHost(),
            config.port(service()), config.portFallback(), HttpDeadlines.from(config), this::serverOptions))
        .compose(listening -> {
          server = listening;
          platform.readiness().serving();
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
        .onSuccess(registered -> {
          if (stopped) {
            registered.deregister(); // written as the drain began: it must not outlive it
          } else {
            registration = registered;
          }
        })
        .<Void>mapEmpty()
        .recover(failure -> {
          if (!stopped) {
            LOG.warn("cannot register yet; retrying", kv("service", service().serviceName()), kv("error", failure.getMessage()));
            registerRetry = vertx.setTimer(platform.config().registryHeartbeat().toMillis(), tick -> register(url));
          }
          return Future.succeededFuture();
        });
  }

  /**
   * The graceful half of a shutdown (SIGTERM), before {@link #stop()}: readiness answers 503 and the registry entry goes
   * at once, so that orchestrators and the coordinator stop sending here; the server keeps accepting for
   * SHUTDOWN_DELAY_S while they catch up, then closes long-lived connections (a WebSocket gets 1001), stops accepting,
   * and lets the requests it accepted finish within SHUTDOWN_TIMEOUT_S. Callable from any thread, and more than once:
   * every call answers the same drain.
   */
  public Future<Void> drain() {
    Promise<Void> promise = Promise.promise();
    if (!drained.compareAndSet(null, promise.future())) {
      return drained.get();
    }
    if (platform != null) {
      platform.readiness().draining(); // at once, from the caller's thread: the rest waits its turn on the event loop
    }
    if (context == null) {
      promise.complete();
    } else {
      context.runOnContext(v -> drainNow().onComplete(promise));
    }
    return promise.future();
  }

  private Future<Void> drainNow() {
    if (platform == null || stopped) {
      return Future.succeededFuture();
    }
    SuiteConfig config = platform.config();
    long delayMs = config.shutdownDelay().toMillis();
    long timeoutMs = config.shutdownTimeout().toMillis();
    platform.readiness().draining();
    stopped = true;
    vertx.cancelTimer(registerRetry);
    LOG.info("{} draining: not ready, leaving the registry; accepting for {} ms more, then up to {} ms for requests in flight",
        service().serviceName(), delayMs, timeoutMs, kv("service", service().serviceName()), kv("shutdown_delay_ms", delayMs),
        kv("shutdown_timeout_ms", timeoutMs));
    ServiceRegistration leaving = registration;
    registration = null;
    Future<Void> deregistered = leaving == null ? Future.succeededFuture() : leaving.deregister()
        .timeout(DEREGISTER_PATIENCE_MS, TimeUnit.MILLISECONDS)
        .onFailure(failure -> LOG.warn("cannot leave the registry; the entry expires instead", kv("service", service().serviceName()),
            kv("error", failure.getMessage())))
        .otherwiseEmpty();
    Future<Void> delayed = delayMs > 0 ? vertx.timer(delayMs, TimeUnit.MILLISECONDS).mapEmpty() : Future.succeededFuture();
    return Future.join(deregistered, delayed)
        .<Void>transform(waited -> closeLongLivedConnections().otherwiseEmpty())
        .compose(v -> server != null ? server.shutdown(timeoutMs, TimeUnit.MILLISECONDS) : Future.succeededFuture())
        .onComplete(done -> LOG.info("{} drained", service().serviceName(), kv("service", service().serviceName())))
        .otherwiseEmpty();
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
