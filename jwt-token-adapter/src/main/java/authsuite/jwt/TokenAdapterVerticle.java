package authsuite.jwt;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.Closeables;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServer;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.jwt.refresh.RefreshFamilies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.Set;

/** Validates, refreshes, exchanges and revokes JWTs from any configured issuer (port 8025). */
public final class TokenAdapterVerticle extends VerticleBase implements SuiteServiceVerticle {
  private static final SuiteService SERVICE = SuiteService.JWT_TOKEN_ADAPTER;
  private static final Set<Dependency> DEPENDENCIES = Set.of(Dependency.critical(Dependency.Kind.REDIS));

  private final Clock clock;
  private final Closeables resources = new Closeables();
  private SuiteServer server;

  public TokenAdapterVerticle() {
    this(Clock.systemUTC());
  }

  /** @param clock what revocation deadlines and refresh-marker lifetimes are counted from */
  public TokenAdapterVerticle(Clock clock) {
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
    ServicePlatform platform = resources.add(ServicePlatform.create(vertx, config, SERVICE, DEPENDENCIES), ServicePlatform::close);
    server = SuiteServer.create(platform);
    RefreshFamilies families = platform.redis().map(redis -> RefreshFamilies.redis(redis, platform.keyPrefix()))
        .orElseGet(RefreshFamilies::inMemory);
    return JwtCore.start(platform)
        .map(jwt -> resources.add(jwt, JwtCore::close))
        .map(jwt -> routes(platform, jwt, families))
        .compose(routes -> resources.add(server, SuiteServer::close).serve(routes::mount, routes::mountHotPaths))
        .recover(resources::closeAndFail);
  }

  private TokenRoutes routes(ServicePlatform platform, JwtCore jwt, RefreshFamilies families) {
    RefreshRotation refresh = new RefreshRotation(jwt.validator(), jwt.minter(), families, jwt.revocations(), jwt.settings(), clock);
    SuiteKeyRotation keyRotation = new SuiteKeyRotation(jwt.suiteKeys(), platform.events(), SERVICE.serviceName());
    return new TokenRoutes(jwt.validator(), jwt.minter(), jwt.revocations(), jwt.suiteKeys(), keyRotation, refresh,
        jwt.internalTokens(), jwt.settings(), clock);
  }

  @Override
  public Future<?> stop() {
    return resources.close();
  }
}
