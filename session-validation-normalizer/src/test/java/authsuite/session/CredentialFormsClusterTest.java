package authsuite.session;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Session validation by every credential form on a 3-master Redis Cluster")
class CredentialFormsClusterTest extends CredentialFormsTest {

  @Override
  protected SessionFixture newFixture(Vertx vertx) {
    return new SessionFixture(vertx).onCluster();
  }
}
