package authsuite.common.jwt.revocation;

import authsuite.common.events.AuthEventChannel;
import io.vertx.core.Vertx;

import java.util.UUID;

class RevocationsInMemoryTest extends RevocationsContractTest {

  private final String channelName = "revocations-test-" + UUID.randomUUID();

  @Override
  protected Revocations create(Vertx vertx) {
    return Revocations.inMemory(vertx, AuthEventChannel.local(vertx, channelName));
  }
}
