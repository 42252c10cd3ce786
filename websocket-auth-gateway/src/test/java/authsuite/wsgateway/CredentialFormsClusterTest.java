package authsuite.wsgateway;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Credential forms and single-use tickets (GETDEL) on a 3-master Redis Cluster")
class CredentialFormsClusterTest extends CredentialFormsTest {

  @Override
  protected GatewayFixture newFixture(Vertx vertx) {
    return new GatewayFixture(vertx).onCluster();
  }
}
