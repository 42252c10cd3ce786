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
    fixture = new SessionFixture(vertx).start();
  }

  @AfterEach
  void stopService() {
    fixture.close();
  }
}
