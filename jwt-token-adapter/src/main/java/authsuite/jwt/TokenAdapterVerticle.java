package authsuite.jwt;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.Closeables;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServer;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Set;

/** Validates, refreshes, exchanges and revokes JWTs from any configured issuer (port 8025). */
public final class TokenAdapterVerticle extends VerticleBase implements SuiteServiceVerticle {
  private static final SuiteService SERVICE = SuiteService.JWT_TOKEN_ADAPTER;
  private static final Set<Dependency> DEPENDENCIES = Set.of(Dependency.critical(Dependency.Kind.REDIS));

  private final Closeables resources = new Closeables();
  private SuiteServer server;

  @Override
  public Future<?> start() {
    SuiteConfig config = SuiteConfig.from(config());
    ServicePlatform platform = resources.add(ServicePlatform.create(vertx, config, SERVICE, DEPENDENCIES), ServicePlatform::close);
    server = SuiteServer.create(platform);
    return JwtCore.start(platform)
        .map(jwt -> resources.add(jwt, JwtCore::close))
        .map(jwt -> new TokenRoutes(platform, jwt))
        .compose(routes -> resources.add(server, SuiteServer::close).serve(routes::mount, routes::mountHotPaths))
        .recover(resources::closeAndFail);
  }

  /** The server first (nothing new comes in), then what was built, newest first, the platform last. */
  @Override
  public Future<?> stop() {
    return resources.close();
  }

  @Override
  public int port() {
    return server == null ? -1 : server.port();
  }

  @Override
  public Future<Void> drain() {
    return server == null ? Future.succeededFuture() : server.drain();
  }

  @Override
  public ServicePlatform platform() {
    return server == null ? null : server.platform();
  }
}
