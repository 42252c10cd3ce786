package authsuite.common.events;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalAuthEventChannelTest extends AuthEventChannelContractTest {

  @Override
  protected AuthEventChannel open(Vertx vertx) {
    return AuthEventChannel.local(vertx, channelName);
  }

  @Override
  protected void publishRaw(Vertx vertx, String payload) {
    vertx.eventBus().publish("authsuite.auth-events." + channelName, payload);
  }

  @Test
  @DisplayName("two channels of one name on one Vert.x hear each other, as two verticles of the JVM would")
  void channelsOfOneVertxShareEvents(Vertx vertx) {
    AuthEventChannel other = AuthEventChannel.local(vertx, channelName);
    try {
      EventInbox inbox = new EventInbox();
      other.subscribe(inbox).await();

      channel.publish(AuthEvent.of("mode_changed", new JsonObject().put("mode", "degraded"), "test/1")).await();

      assertThat(inbox.next().data().getString("mode")).isEqualTo("degraded");
    } finally {
      other.close().await();
    }
  }
}
