package authsuite.common.platform;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** A real service built on the kit, with one JSON operation, so the kit is tested over HTTP. */
public final class KitTestVerticle extends VerticleBase implements SuiteServiceVerticle {
  private final Closeables resources = new Closeables();
  private SuiteServer server;

  @Override
  public Future<?> start() {
    SuiteConfig config = SuiteConfig.from(config());
    ServicePlatform platform = resources.add(ServicePlatform.create(vertx, config, SuiteService.JWT_TOKEN_ADAPTER,
        Set.of(Dependency.critical(Dependency.Kind.REDIS))), ServicePlatform::close);
    server = SuiteServer.create(platform).contract("openapi/kit-test.yaml");
    return resources.add(server, SuiteServer::close)
        .serve(api -> api.getRoute("greet").addHandler(this::greet), raw -> { })
        .recover(resources::closeAndFail);
  }

  @Override
  public Future<?> stop() {
    return resources.close();
  }

  private void greet(RoutingContext ctx) {
    ctx.json(new JsonObject().put("greeting", "hello " + ctx.body().asJsonObject().getString("name")));
  }

  @Override
  public SuiteServer server() {
    return server;
  }
}
