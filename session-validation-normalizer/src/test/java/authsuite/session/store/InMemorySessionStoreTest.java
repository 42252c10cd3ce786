package authsuite.session.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InMemorySessionStoreTest extends SessionStoreContractTest {

  @Override
  protected SessionStore createStore(Vertx vertx) {
    return SessionStore.inMemory(vertx);
  }

  @Test
  @DisplayName("stores created on one Vert.x share their sessions, as verticles sharing Redis would")
  void storesOfOneVertxShareSessions(Vertx vertx) {
    SessionStore another = SessionStore.inMemory(vertx);
    try {
      store.put("s-shared", new JsonObject().put("user_id", "7"), Duration.ofMinutes(1)).await();

      assertThat(another.get("s-shared").await()).isNotNull();
    } finally {
      another.close().await();
    }
  }
}
