package authsuite.common.testing;

import authsuite.common.SuiteService;
import authsuite.common.config.Secrets;
import authsuite.common.config.SuiteConfig;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Starts real services for tests: random ports, test secrets, and real Redis under a per-run key prefix. */
public final class TestServices {
  private TestServices() {
  }

  /** Configuration for services that run on the embedded, in-memory defaults. */
  public static JsonObject embeddedConfig() {
    JsonObject config = new JsonObject()
        .put(Secrets.JWT_SECRET_KEY, TestTokens.JWT_SECRET_KEY)
        .put(Secrets.SERVICE_SECRET, TestTokens.SERVICE_SECRET)
        .put(Secrets.EMERGENCY_SIGNING_KEY, TestTokens.EMERGENCY_SIGNING_KEY)
        .put(SuiteConfig.BIND_HOST, "127.0.0.1")
        .put(SuiteConfig.ADVERTISED_HOST, "127.0.0.1")
        .put(SuiteConfig.REGISTRY_HEARTBEAT_MS, "1000");
    for (SuiteService service : SuiteService.values()) {
      config.put(service.portVariable(), "0");
    }
    return config;
  }

  /** Configuration for services on the test Redis, with their keys under {@code keyPrefix}. */
  public static JsonObject redisConfig(String keyPrefix) {
    return embeddedConfig()
        .put(SuiteConfig.REDIS_URL, TestRedis.url())
        .put(SuiteConfig.REDIS_KEY_PREFIX, keyPrefix);
  }

  /** Deploys the verticle and completes with it once it listens; read its port with {@link SuiteServiceVerticle#port()}. */
  public static <V extends SuiteServiceVerticle> Future<V> start(Vertx vertx, V verticle, JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).map(id -> verticle);
  }
}
