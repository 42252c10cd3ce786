package authsuite.common.platform;

import authsuite.common.config.SuiteConfig;
import authsuite.common.discovery.ServiceRegistration;
import authsuite.common.http.HttpDeadlines;
import authsuite.common.http.ServiceHttp;
import authsuite.common.telemetry.RequestContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * A service's HTTP side, the same for every service: its contract, the router with the shared handlers
 * ({@link ServiceRouter}), listen (with port fallback), and registration of the address actually bound; and the
 * graceful {@link #drain()} and the {@link #close()} that undo it. Create it on the verticle's context, after the
 * platform, once the handlers' collaborators are built.
 */
public final class SuiteServer {
  private static final Logger LOG = LoggerFactory.getLogger(SuiteServer.class);
  /** A registry that does not answer (Redis hanging) must not hold the drain up: the entry then expires on its own. */
  private static final long DEREGISTER_PATIENCE_MS = 2_000;

  private final ServicePlatform platform;
  private final Vertx vertx;
  private final Context context;
  private final String name;
  private String contractResource;
  private UnaryOperator<HttpServerOptions> serverOptions = UnaryOperator.identity();
  private Supplier<Future<Void>> longLivedConnections = Future::succeededFuture;
  private HttpServer server;
  private ServiceRegistration registration;
  private long registerRetry = -1;
  private boolean stopped;
  private final AtomicReference<Future<Void>> drained = new AtomicReference<>();

  private SuiteServer(ServicePlatform platform) {
    this.platform = platform;
    this.vertx = platform.vertx();
    this.context = vertx.getOrCreateContext();
    this.name = platform.service().serviceName();
    this.contractResource = ApiContract.defaultResource(platform.service());
  }

  /** Called from the verticle's start(), on its own context, which it marks as the service's (whose spans, SuiteTracer). */
  public static SuiteServer create(ServicePlatform platform) {
    RequestContext.runsService(platform.vertx().getOrCreateContext(), platform.service().serviceName());
    return new SuiteServer(platform);
  }

  /** The classpath resource holding the service's own OpenAPI operations, if not the default for the service. */
  public SuiteServer contract(String resource) {
    this.contractResource = resource;
    return this;
  }

  /** The service's additions to the shared HTTP server options (a WebSocket service's subprotocols). */
  public SuiteServer options(UnaryOperator<HttpServerOptions> options) {
    this.serverOptions = options;
    return this;
  }

  /**
   * Ends the connections the server would otherwise wait for until the shutdown timeout (WebSockets, event streams):
   * called on a drain before the server stops accepting, and on close before the server closes.
   */
  public SuiteServer closingFirst(Supplier<Future<Void>> longLived) {
    this.longLivedConnections = longLived;
    return this;
  }

  /**
   * Loads the contract, builds the router ({@code raw}: routes outside the contract, mounted before it; {@code api}:
   * handlers of the contract's operations, by operationId), listens, and registers the address bound.
   */
  public Future<SuiteServer> serve(Consumer<RouterBuilder> api, Consumer<Router> raw) {
    SuiteConfig config = platform.config();
    return ApiContract.load(vertx, platform.service(), contractResource)
        .map(contract -> ServiceRouter.create(platform, contract, api, raw))
        .compose(router -> ServiceHttp.listen(vertx, router, name, config.bindHost(),
            config.port(platform.service()), config.portFallback(), HttpDeadlines.from(config), serverOptions))
        .compose(listening -> {
          server = listening;
          platform.readiness().serving();
          String url = "http://" + config.advertisedHost() + ":" + listening.actualPort();
          LOG.info("{} listening on {}", name, url, kv("service", name), kv("url", url),
              kv("requested_port", config.port(platform.service())), kv("port", listening.actualPort()));
          return register(url);
        })
        .map(this);
  }

  /**
   * A registry that cannot be written (Redis down) must not keep a service from serving: it
   * starts unregistered, and keeps trying once per heartbeat until the entry is written. The
   * returned future completes after the first attempt, whatever its outcome.
   */
  private Future<Void> register(String url) {
    return platform.registry().register(name, url)
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
            LOG.warn("cannot register yet; retrying", kv("service", name), kv("error", failure.getMessage()));
            registerRetry = vertx.setTimer(platform.config().registryHeartbeat().toMillis(), tick -> register(url));
          }
          return Future.succeededFuture();
        });
  }

  /**
   * The graceful half of a shutdown (SIGTERM), before {@link #close()}: readiness answers 503 and the registry entry goes
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
    platform.readiness().draining(); // at once, from the caller's thread: the rest waits its turn on the event loop
    context.runOnContext(v -> drainNow().onComplete(promise));
    return promise.future();
  }

  private Future<Void> drainNow() {
    if (stopped) {
      return Future.succeededFuture();
    }
    SuiteConfig config = platform.config();
    long delayMs = config.shutdownDelay().toMillis();
    long timeoutMs = config.shutdownTimeout().toMillis();
    platform.readiness().draining();
    stopped = true;
    vertx.cancelTimer(registerRetry);
    LOG.info("{} draining: not ready, leaving the registry; accepting for {} ms more, then up to {} ms for requests in flight",
        name, delayMs, timeoutMs, kv("service", name), kv("shutdown_delay_ms", delayMs), kv("shutdown_timeout_ms", timeoutMs));
    ServiceRegistration leaving = registration;
    registration = null;
    Future<Void> deregistered = leaving == null ? Future.succeededFuture() : leaving.deregister()
        .timeout(DEREGISTER_PATIENCE_MS, TimeUnit.MILLISECONDS)
        .onFailure(failure -> LOG.warn("cannot leave the registry; the entry expires instead", kv("service", name),
            kv("error", failure.getMessage())))
        .otherwiseEmpty();
    Future<Void> delayed = delayMs > 0 ? vertx.timer(delayMs, TimeUnit.MILLISECONDS).mapEmpty() : Future.succeededFuture();
    return Future.join(deregistered, delayed)
        .<Void>transform(waited -> longLivedConnections.get().otherwiseEmpty())
        .compose(v -> server != null ? server.shutdown(timeoutMs, TimeUnit.MILLISECONDS) : Future.succeededFuture())
        .onComplete(done -> LOG.info("{} drained", name, kv("service", name)))
        .otherwiseEmpty();
  }

  /**
   * The abrupt half (verticle stop): long-lived connections are told to go first (a WebSocket gets 1001, so that its
   * client reconnects elsewhere rather than seeing a cut), then the registry entry goes and the server closes.
   */
  public Future<Void> close() {
    stopped = true;
    vertx.cancelTimer(registerRetry);
    ServiceRegistration leaving = registration;
    registration = null;
    return longLivedConnections.get().otherwiseEmpty()
        .compose(v -> leaving != null ? leaving.deregister().otherwiseEmpty() : Future.<Void>succeededFuture())
        .compose(v -> server != null ? server.close() : Future.succeededFuture());
  }

  /** The port actually bound (after any fallback), or -1 before it listens. */
  public int port() {
    return server != null ? server.actualPort() : -1;
  }

  public ServicePlatform platform() {
    return platform;
  }
}
