package authsuite.session;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Session create, per-user listing (user-sessions:{user}) and revocation on a 3-master Redis Cluster")
class SessionLifecycleClusterTest extends SessionLifecycleTest {

  @Override
  protected SessionFixture newFixture(Vertx vertx) {
    return new SessionFixture(vertx).onCluster();
  }
}
