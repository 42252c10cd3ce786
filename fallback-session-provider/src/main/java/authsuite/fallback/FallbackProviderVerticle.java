package authsuite.fallback;

import authsuite.common.SuiteService;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Set;

/** Emergency sessions while the primary auth service or Redis is down (port 8027). */
public final class FallbackProviderVerticle extends SuiteServiceVerticle {
  @Override
  protected SuiteService service() {
    return SuiteService.FALLBACK_SESSION_PROVIDER;
  }

  /** Its reason to exist is to work while Redis or PostgreSQL is down: neither may take it out of readiness. */
  @Override
  protected Set<Dependency> dependencies() {
    return Set.of(Dependency.optional(Dependency.Kind.REDIS), Dependency.optional(Dependency.Kind.POSTGRES));
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    // This service's API arrives with its own issue; its contract holds only the platform operations until then.
  }
}
