package authsuite.session;

import authsuite.common.SuiteService;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** One session check for every credential form, with Redis sessions (port 8026). */
public final class SessionNormalizerVerticle extends SuiteServiceVerticle {
  @Override
  protected SuiteService service() {
    return SuiteService.SESSION_VALIDATION_NORMALIZER;
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    // This service's API arrives with its own issue; its contract holds only the platform operations until then.
  }
}
