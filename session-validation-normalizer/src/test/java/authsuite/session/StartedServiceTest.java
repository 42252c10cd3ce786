package authsuite.session;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tests that need one service started with the default fixture configuration. */
@ExtendWith(VertxExtension.class)
abstract class StartedServiceTest {
  protected SessionFixture fixture;

  @BeforeEach
  void startService(Vertx vertx) {
    fixture = newFixture(vertx).start();
  }

  /** The fixture these tests run on; a subclass runs them again on a Redis Cluster. */
  protected SessionFixture newFixture(Vertx vertx) {
    return new SessionFixture(vertx);
  }

  @AfterEach
  void stopService() {
    fixture.close();
  }
}
