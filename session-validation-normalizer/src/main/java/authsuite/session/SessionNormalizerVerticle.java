package authsuite.session;

import authsuite.common.SuiteService;
import authsuite.common.config.SessionSources;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.common.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.util.List;

/** One session check for every credential form, with Redis sessions (port 8026). */
public final class SessionNormalizerVerticle extends SuiteServiceVerticle {
  private JwtCore jwt;
  private StoreBreaker breaker;
  private PipelinedRedis pipelined;
  private SessionRoutes routes;
  private final Clock clock;

  public SessionNormalizerVerticle() {
    this(Clock.systemUTC());
  }

  /** With the clock its sessions' lifetimes are read on (tests advance one instead of waiting). */
  public SessionNormalizerVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  protected SuiteService service() {
    return SuiteService.SESSION_VALIDATION_NORMALIZER;
  }

  @Override
  protected Future<Void> prepare(ServicePlatform platform) {
    SessionSettings settings = SessionSettings.from(platform.config());
    pipelined = platform.redis().map(PipelinedRedis::new).orElse(null);
    SessionStore store = pipelined != null ? SessionStore.redis(pipelined, platform.keyPrefix()) : platform.sessions();
    breaker = new StoreBreaker(vertx, settings, () -> pipelined == null ? Future.succeededFuture()
        : pipelined.send(Request.cmd(Command.PING)).mapEmpty(), platform.metrics(), service().serviceName());
    UserSessionIndex index = platform.redis()
        .map(redis -> UserSessionIndex.redis(redis, platform.keyPrefix()))
        .orElseGet(() -> UserSessionIndex.local(vertx));
    return JwtCore.start(platform).map(core -> {
      jwt = core;
      SessionBook sessions = new SessionBook(store, index, breaker,
          new SessionIds(platform.config().secrets().serviceSecret()), core.revocations(), settings, clock);
      List<SessionSource> sources = SessionSources.from(platform.config().toJson().getValue(SessionSources.SESSION_SOURCES))
          .stream().map(SessionSource::new).toList();
      // sources need Redis (ConfigRules refuses them without REDIS_URL), so pipelined is there whenever they are
      SourceSessions sourceSessions = new SourceSessions(pipelined, breaker, core.revocations(), clock);
      List<CredentialResolver> all = CredentialResolver.chain(settings.cookieName(), sources);
      SessionMeters meters = new SessionMeters(platform.metrics(), service().serviceName(), sources);
      routes = new SessionRoutes(
          new SessionValidation(all, core.validator(), sessions, sourceSessions, clock, meters),
          new SessionValidation(all.subList(0, all.size() - 1), core.validator(), sessions, sourceSessions, clock, meters),
          sessions, core.internalTokens(), clock);
      return null;
    });
  }

  @Override
  protected Future<Void> release() {
    if (breaker != null) {
      breaker.close();
    }
    Future<Void> connection = pipelined != null ? pipelined.close() : Future.succeededFuture();
    return connection.eventually(() -> jwt != null ? jwt.close() : Future.succeededFuture());
  }

  @Override
  protected void mountRaw(ServicePlatform platform, Router router) {
    routes.mountHotPaths(router);
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    routes.mount(api);
  }
}
