package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Discovery, circuit-broken health aggregation, mode and auth-event sync (port 8029). */
public final class CoordinatorVerticle extends SuiteServiceVerticle {
  private Probes probes;
  private SnapshotStream stream;
  private ProbeLoop loop;
  private IntegrationRoutes integration;
  private CoordinatorRoutes routes;
  private Revocations revocations;

  @Override
  protected SuiteService service() {
    return SuiteService.SERVICE_BOUNDARY_COORDINATOR;
  }

  @Override
  protected Set<Dependency> dependencies() {
    return Set.of(Dependency.critical(Dependency.Kind.REDIS), Dependency.optional(Dependency.Kind.POSTGRES));
  }

  @Override
  protected Future<Void> prepare(ServicePlatform platform) {
    CoordinatorSettings settings = CoordinatorSettings.from(platform.config());
    String origin = service().serviceName() + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    probes = new Probes(vertx, settings.probeTimeout().toMillis());
    stream = new SnapshotStream(vertx, settings.maxStreams());
    loop = new ProbeLoop(platform, settings, probes, stream, origin);
    // sync-auth revocations are written where every service reloads its revocations from, not only announced
    revocations = Revocations.counted(platform.redis()
        .map(redis -> Revocations.redis(vertx, redis, platform.keyPrefix(), platform.events()))
        .orElseGet(() -> Revocations.inMemory(vertx, platform.events())), platform.metrics(), service().serviceName());
    return revocations.start()
        .compose(started -> IntegrationRoutes.create(vertx, loop, stream, settings))
        .map(created -> {
          integration = created;
          routes = new CoordinatorRoutes(platform, loop, stream, created, revocations, origin);
          return null;
        });
  }

  /** The first round runs once this instance listens and is registered, so it finds itself too. */
  @Override
  public Future<?> start() {
    return super.start().compose(started -> loop.start());
  }

  @Override
  protected void mountRaw(ServicePlatform platform, Router router) {
    integration.mount(router);
    DemoPage.mount(router);
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    routes.mount(api);
  }

  /** Draining: event-stream clients are let go (an EventSource reconnects, through the edge to another instance). */
  @Override
  protected Future<Void> closeLongLivedConnections() {
    if (stream != null) {
      stream.close();
    }
    return Future.succeededFuture();
  }

  @Override
  protected Future<Void> release() {
    if (loop != null) {
      loop.stop();
    }
    if (stream != null) {
      stream.close();
    }
    Future<Void> closed = revocations != null ? revocations.close() : Future.succeededFuture();
    return closed.eventually(() -> probes != null ? probes.close() : Future.succeededFuture());
  }
}
