package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.http.InternalAuth;
import authsuite.common.jwt.InternalTokens;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.platform.Closeables;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServer;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Discovery, circuit-broken health aggregation, mode and auth-event sync (port 8029). */
public final class CoordinatorVerticle extends VerticleBase implements SuiteServiceVerticle {
  private static final SuiteService SERVICE = SuiteService.SERVICE_BOUNDARY_COORDINATOR;
  private static final Set<Dependency> DEPENDENCIES =
      Set.of(Dependency.critical(Dependency.Kind.REDIS), Dependency.optional(Dependency.Kind.POSTGRES));

  private final Clock clock;
  private final Closeables resources = new Closeables();
  private SuiteServer server;

  public CoordinatorVerticle() {
    this(Clock.systemUTC());
  }

  /** @param clock what probe results, the mode's changes and drills' expiry are dated on */
  public CoordinatorVerticle(Clock clock) {
    this.clock = clock;
  }

  /** What the launcher and tests read this instance's port, drain and platform from (null until start). */
  @Override
  public SuiteServer server() {
    return server;
  }

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
    ProbeLoop loop = resources.addSync(probeLoop(platform, config, settings, probes, stream, origin), ProbeLoop::stop);
    Revocations revocations = resources.add(revocations(platform), Revocations::close);
    return revocations.start()
        .compose(started -> IntegrationRoutes.create(vertx, loop, stream, settings))
        .compose(integration -> resources.add(server, SuiteServer::close).serve(
            routes(platform, config, loop, stream, revocations, origin)::mount, raw -> mountRaw(raw, integration)))
        // the first round runs once this instance listens and is registered, so it finds itself too
        .compose(serving -> loop.start())
        .recover(resources::closeAndFail);
  }

  private ProbeLoop probeLoop(ServicePlatform platform, SuiteConfig config, CoordinatorSettings settings, Probes probes,
                              SnapshotStream stream, String origin) {
    ProbeRound round = new ProbeRound(platform.registry(), platform.redis(), platform.postgres(), config, probes, settings, clock);
    ModePublisher publisher = new ModePublisher(platform.redis(), platform.keyPrefix(), platform.events(), origin,
        settings.probeTimeout().toMillis());
    return new ProbeLoop(vertx, settings, round, publisher, stream, platform.events(), platform.metrics(), SERVICE.serviceName(),
        origin, clock);
  }

  private CoordinatorRoutes routes(ServicePlatform platform, SuiteConfig config, ProbeLoop loop, SnapshotStream stream,
                                   Revocations revocations, String origin) {
    InternalAuth internal = new InternalAuth(InternalTokens.create(vertx, config.secrets().serviceSecret()));
    return new CoordinatorRoutes(platform.registry(), platform.events(), internal, loop, stream, revocations, origin, clock);
  }

  /** Sync-auth revocations are written where every service reloads its revocations from, not only announced. */
  private Revocations revocations(ServicePlatform platform) {
    return Revocations.counted(platform.redis()
        .map(redis -> Revocations.redis(vertx, redis, platform.keyPrefix(), platform.events()))
        .orElseGet(() -> Revocations.inMemory(vertx, platform.events())), platform.metrics(), SERVICE.serviceName());
  }

  private static void mountRaw(Router router, IntegrationRoutes integration) {
    integration.mount(router);
    DemoPage.mount(router);
  }

  @Override
  public Future<?> stop() {
    return resources.close();
  }
}
