package authsuite.jwt;

import authsuite.common.SuiteService;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Validates, refreshes, exchanges and revokes JWTs from any configured issuer (port 8025). */
public final class TokenAdapterVerticle extends SuiteServiceVerticle {
  private JwtCore jwt;
  private TokenRoutes routes;

  @Override
  protected SuiteService service() {
    return SuiteService.JWT_TOKEN_ADAPTER;
  }

  @Override
  protected Future<Void> prepare(ServicePlatform platform) {
    return JwtCore.start(platform).map(core -> {
      jwt = core;
      routes = new TokenRoutes(platform, core);
      return null;
    });
  }

  @Override
  protected Future<Void> release() {
    return jwt != null ? jwt.close() : Future.succeededFuture();
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
