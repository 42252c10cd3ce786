package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Discovery, circuit-broken health aggregation, mode and auth-event sync (port 8029). */
public final class CoordinatorVerticle extends SuiteServiceVerticle {
  @Override
  protected SuiteService service() {
    return SuiteService.SERVICE_BOUNDARY_COORDINATOR;
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    // This service's API arrives with its own issue; its contract holds only the platform operations until then.
  }
}
