package authsuite.wsgateway;

import authsuite.common.SuiteService;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Authenticates WebSocket upgrades and relays frames to the chat upstream (port 8028). */
public final class WebSocketGatewayVerticle extends SuiteServiceVerticle {
  @Override
  protected SuiteService service() {
    return SuiteService.WEBSOCKET_AUTH_GATEWAY;
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    // This service's API arrives with its own issue; its contract holds only the platform operations until then.
  }
}
