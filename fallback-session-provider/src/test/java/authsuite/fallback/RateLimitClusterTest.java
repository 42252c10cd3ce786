package authsuite.fallback;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Sign-in attempt limits (one Lua script per key) shared through a 3-master Redis Cluster")
class RateLimitClusterTest extends RateLimitTest {

  @Override
  protected FallbackFixture newFixture(Vertx vertx) throws Exception {
    return new FallbackFixture(vertx, true);
  }
}
