package authsuite.wsgateway;

import authsuite.common.SuiteService;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.common.testing.ServiceStartupContract;
import org.junit.jupiter.api.DisplayName;

@DisplayName("websocket-auth-gateway starts, registers and answers the platform endpoints")
class WebSocketGatewayStartupTest extends ServiceStartupContract {
  @Override
  protected SuiteServiceVerticle newService() {
    return new WebSocketGatewayVerticle();
  }

  @Override
  protected SuiteService expectedService() {
    return SuiteService.WEBSOCKET_AUTH_GATEWAY;
  }
}
