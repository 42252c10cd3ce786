package authsuite.wsgateway;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Expiry and revocation closing sockets across instances, on a 3-master Redis Cluster")
class ExpiryAndRevocationClusterTest extends ExpiryAndRevocationTest {

  @Override
  protected GatewayFixture newFixture(Vertx vertx) {
    return new GatewayFixture(vertx).onCluster();
  }
}
