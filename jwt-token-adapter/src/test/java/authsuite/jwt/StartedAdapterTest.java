package authsuite.jwt;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tests that need one adapter started with the default fixture configuration. */
@ExtendWith(VertxExtension.class)
abstract class StartedAdapterTest {
  protected AdapterFixture fixture;

  @BeforeEach
  void startAdapter(Vertx vertx) throws Exception {
    fixture = new AdapterFixture(vertx).start();
  }

  @AfterEach
  void stopAdapter() {
    fixture.close();
  }
}
