package authsuite.common.jwt.revocation;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

class RevocationsInMemoryTest extends RevocationsContractTest {

  private final String channelName = "revocations-test-" + UUID.randomUUID();

  @Override
  protected Revocations create(Vertx vertx) {
    return Revocations.inMemory(vertx, AuthEventChannel.local(vertx, channelName));
  }

  @Test
  @DisplayName("the coordinator's sync-auth shapes, {session_id} and {user_id} without until, revoke too")
  void syncAuthEvents(Vertx vertx) {
    AuthEventChannel coordinator = AuthEventChannel.local(vertx, channelName);
    String session = id("s");
    String user = id("u");
    Instant issuedBefore = Instant.now().minusSeconds(5);

    coordinator.publish(AuthEvent.of("revoke_session", new JsonObject().put("session_id", session), "coordinator/1"))
      .await();
    coordinator.publish(AuthEvent.of("revoke_user", new JsonObject().put("user_id", user), "coordinator/1")).await();

    awaitTrue(vertx, () -> revocations.isRevoked(null, session, null, null, null), "session revoked");
    awaitTrue(vertx, () -> revocations.isRevoked(null, null, null, user, issuedBefore), "user revoked");
  }
}
