package authsuite.session;

import authsuite.common.SuiteService;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.common.testing.ServiceStartupContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("session-validation-normalizer starts, registers and answers the platform endpoints")
class SessionNormalizerStartupTest extends ServiceStartupContract {
  @Override
  protected SuiteServiceVerticle newService() {
    return new SessionNormalizerVerticle();
  }

  @Override
  protected SuiteService expectedService() {
    return SuiteService.SESSION_VALIDATION_NORMALIZER;
  }
}
