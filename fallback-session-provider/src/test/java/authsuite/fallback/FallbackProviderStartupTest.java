package authsuite.fallback;

import authsuite.common.SuiteService;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.common.testing.ServiceStartupContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("fallback-session-provider starts, registers and answers the platform endpoints")
class FallbackProviderStartupTest extends ServiceStartupContract {
  @Override
  protected SuiteServiceVerticle newService() {
    return new FallbackProviderVerticle();
  }

  @Override
  protected SuiteService expectedService() {
    return SuiteService.FALLBACK_SESSION_PROVIDER;
  }
}
