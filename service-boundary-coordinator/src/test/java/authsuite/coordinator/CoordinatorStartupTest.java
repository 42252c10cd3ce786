package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.common.testing.ServiceStartupContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("service-boundary-coordinator starts, registers and answers the platform endpoints")
class CoordinatorStartupTest extends ServiceStartupContract {
  @Override
  protected SuiteServiceVerticle newService() {
    return new CoordinatorVerticle();
  }

  @Override
  protected SuiteService expectedService() {
    return SuiteService.SERVICE_BOUNDARY_COORDINATOR;
  }
}
