package authsuite.session;

import authsuite.common.SuiteService;
import authsuite.common.config.SessionSources;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.Closeables;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServer;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.session.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** One session check for every credential form, with Redis sessions (port 8026). */
public final class SessionNormalizerVerticle extends VerticleBase implements SuiteServiceVerticle {
  private static final SuiteService SERVICE = SuiteService.SESSION_VALIDATION_NORMALIZER;
  private static final Set<Dependency> DEPENDENCIES = Set.of(Dependency.critical(Dependency.Kind.REDIS));

  private final Clock clock;
  private final Closeables resources = new Closeables();
  private SuiteServer server;

  public SessionNormalizerVerticle() {
    this(Clock.systemUTC());
  }

  /** @param clock what sessions, their deadlines and the sources' expiries are read against */
  public SessionNormalizerVerticle(Clock clock) {
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
    SessionSettings settings = SessionSettings.from(config);
    ServicePlatform platform = resources.add(ServicePlatform.create(vertx, config, SERVICE, DEPENDENCIES), ServicePlatform::close);
    server = SuiteServer.create(platform);
    PipelinedRedis pipelined = platform.redis().map(redis -> resources.add(new PipelinedRedis(redis), PipelinedRedis::close)).orElse(null);
    StoreBreaker breaker = resources.addSync(new StoreBreaker(vertx, settings, ping(pipelined), platform.metrics(),
        SERVICE.serviceName()), StoreBreaker::close);
    return JwtCore.start(platform)
        .map(jwt -> resources.add(jwt, JwtCore::close))
        .map(jwt -> routes(platform, settings, pipelined, breaker, jwt))
        .compose(routes -> resources.add(server, SuiteServer::close).serve(routes::mount, routes::mountHotPaths))
        .recover(resources::closeAndFail);
  }

  /** The breaker's probe call while its circuit is open: without Redis there is nothing to reach. */
  private static Supplier<Future<Void>> ping(PipelinedRedis pipelined) {
    return () -> pipelined == null ? Future.succeededFuture() : pipelined.send(Request.cmd(Command.PING)).mapEmpty();
  }

  private SessionRoutes routes(ServicePlatform platform, SessionSettings settings, PipelinedRedis pipelined, StoreBreaker breaker,
                               JwtCore jwt) {
    SessionStore store = resources.add(pipelined != null ? SessionStore.redis(pipelined, platform.keyPrefix())
        : SessionStore.inMemory(vertx), SessionStore::close);
    UserSessionIndex index = platform.redis()
        .map(redis -> UserSessionIndex.redis(redis, platform.keyPrefix()))
        .orElseGet(() -> UserSessionIndex.local(vertx));
    SessionBook sessions = new SessionBook(store, index, breaker,
        new SessionIds(platform.config().secrets().serviceSecret()), jwt.revocations(), settings, clock);
    List<SessionSource> sources = SessionSources.from(platform.config().toJson().getValue(SessionSources.SESSION_SOURCES))
        .stream().map(SessionSource::new).toList();
    // sources need Redis (start-up refuses them without REDIS_URL), so pipelined is there whenever they are
    SourceSessions sourceSessions = new SourceSessions(pipelined, breaker, jwt.revocations(), clock);
    List<CredentialResolver> all = CredentialResolver.chain(settings.cookieName(), sources);
    SessionMeters meters = new SessionMeters(platform.metrics(), SERVICE.serviceName(), sources);
    return new SessionRoutes(
        new SessionValidation(all, jwt.validator(), sessions, sourceSessions, clock, meters),
        new SessionValidation(all.subList(0, all.size() - 1), jwt.validator(), sessions, sourceSessions, clock, meters),
        sessions, jwt.internalTokens(), clock);
  }

  @Override
  public Future<?> stop() {
    return resources.close();
  }
}
