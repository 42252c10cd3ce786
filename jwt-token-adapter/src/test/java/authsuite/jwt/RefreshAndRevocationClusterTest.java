package authsuite.jwt;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Refresh rotation (one Lua script per family slot), exchange and revocation on a 3-master Redis Cluster")
class RefreshAndRevocationClusterTest extends RefreshAndRevocationTest {

  @Override
  protected AdapterFixture newFixture(Vertx vertx) throws Exception {
    return new AdapterFixture(vertx).onCluster();
  }
}
