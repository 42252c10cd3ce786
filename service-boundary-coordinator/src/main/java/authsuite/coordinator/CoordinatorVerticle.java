package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.platform.Closeables;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServer;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Discovery, circuit-broken health aggregation, mode and auth-event sync (port 8029). */
public final class CoordinatorVerticle extends VerticleBase implements SuiteServiceVerticle {
  private static final SuiteService SERVICE = SuiteService.SERVICE_BOUNDARY_COORDINATOR;
  private static final Set<Dependency> DEPENDENCIES =
      Set.of(Dependency.critical(Dependency.Kind.REDIS), Dependency.optional(Dependency.Kind.POSTGRES));

  private final Closeables resources = new Closeables();
  private SuiteServer server;

  @Override
  public Future<?> start() {
    SuiteConfig config = SuiteConfig.from(config());
    CoordinatorSettings settings = CoordinatorSettings.from(config);
    ServicePlatform platform = resources.add(ServicePlatform.create(vertx, config, SERVICE, DEPENDENCIES), ServicePlatform::close);
    // draining, event-stream clients are let go (an EventSource reconnects, through the edge to another instance)
    SnapshotStream stream = resources.addSync(new SnapshotStream(vertx, settings.maxStreams()), SnapshotStream::close);
    server = SuiteServer.create(platform).closingFirst(() -> {
      stream.close();
      return Future.succeededFuture();
    });
    String origin = SERVICE.serviceName() + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Probes probes = resources.add(new Probes(vertx, settings.probeTimeout().toMillis()), Probes::close);
    ProbeLoop loop = resources.addSync(new ProbeLoop(platform, settings, probes, stream, origin), ProbeLoop::stop);
    // sync-auth revocations are written where every service reloads its revocations from, not only announced
    Revocations revocations = resources.add(Revocations.counted(platform.redis()
        .map(redis -> Revocations.redis(vertx, redis, platform.keyPrefix(), platform.events()))
        .orElseGet(() -> Revocations.inMemory(vertx, platform.events())), platform.metrics(), SERVICE.serviceName()), Revocations::close);
    return revocations.start()
        .compose(started -> IntegrationRoutes.create(vertx, loop, stream, settings))
        .compose(integration -> resources.add(server, SuiteServer::close).serve(
            new CoordinatorRoutes(platform, loop, stream, integration, revocations, origin)::mount, raw -> mountRaw(raw, integration)))
        // the first round runs once this instance listens and is registered, so it finds itself too
        .compose(serving -> loop.start())
        .recover(resources::closeAndFail);
  }

  private static void mountRaw(Router router, IntegrationRoutes integration) {
    integration.mount(router);
    DemoPage.mount(router);
  }

  /** The server first (nothing new comes in), then what was built, newest first, the platform last. */
  @Override
  public Future<?> stop() {
    return resources.close();
  }

  @Override
  public SuiteServer server() {
    return server;
  }
}
