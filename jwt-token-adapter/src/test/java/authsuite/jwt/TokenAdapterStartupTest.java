package authsuite.jwt;

import authsuite.common.SuiteService;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.common.testing.ServiceStartupContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("jwt-token-adapter starts, registers and answers the platform endpoints")
class TokenAdapterStartupTest extends ServiceStartupContract {
  @Override
  protected SuiteServiceVerticle newService() {
    return new TokenAdapterVerticle();
  }

  @Override
  protected SuiteService expectedService() {
    return SuiteService.JWT_TOKEN_ADAPTER;
  }
}
