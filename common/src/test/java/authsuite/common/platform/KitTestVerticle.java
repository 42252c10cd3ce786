package authsuite.common.platform;

import authsuite.common.SuiteService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** A real service built on the kit, with one JSON operation, so the kit is tested over HTTP. */
public final class KitTestVerticle extends SuiteServiceVerticle {
  @Override
  protected SuiteService service() {
    return SuiteService.JWT_TOKEN_ADAPTER;
  }

  @Override
  protected String contractResource() {
    return "openapi/kit-test.yaml";
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    api.getRoute("greet").addHandler(this::greet);
  }

  private void greet(RoutingContext ctx) {
    ctx.json(new JsonObject().put("greeting", "hello " + ctx.body().asJsonObject().getString("name")));
  }
}
