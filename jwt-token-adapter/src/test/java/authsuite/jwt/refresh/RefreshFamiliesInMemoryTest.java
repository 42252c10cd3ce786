package authsuite.jwt.refresh;

import io.vertx.core.Vertx;

class RefreshFamiliesInMemoryTest extends RefreshFamiliesContractTest {

  @Override
  protected RefreshFamilies create(Vertx vertx) {
    return RefreshFamilies.inMemory();
  }
}
