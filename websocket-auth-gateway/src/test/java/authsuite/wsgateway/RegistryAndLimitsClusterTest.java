package authsuite.wsgateway;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Connection registry, per-user limits and authorize on a 3-master Redis Cluster")
class RegistryAndLimitsClusterTest extends RegistryAndLimitsTest {

  @Override
  protected GatewayFixture newFixture(Vertx vertx) {
    return new GatewayFixture(vertx).onCluster();
  }
}
