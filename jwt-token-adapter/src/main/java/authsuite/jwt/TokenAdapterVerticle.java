package authsuite.jwt;

import authsuite.common.SuiteService;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Validates, refreshes, exchanges and revokes JWTs from any configured issuer (port 8025). */
public final class TokenAdapterVerticle extends SuiteServiceVerticle {
  @Override
  protected SuiteService service() {
    return SuiteService.JWT_TOKEN_ADAPTER;
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    // This service's API arrives with its own issue; its contract holds only the platform operations until then.
  }
}
