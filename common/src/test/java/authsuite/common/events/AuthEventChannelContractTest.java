package authsuite.common.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link AuthEventChannel} promises; each implementation runs it through a subclass. */
@ExtendWith(VertxExtension.class)
abstract class AuthEventChannelContractTest {

  protected final String channelName = "auth-events-test-" + UUID.randomUUID();
  protected AuthEventChannel channel;

  protected abstract AuthEventChannel open(Vertx vertx);

  /** Puts {@code payload} on the channel's transport as is, bypassing {@link AuthEventChannel#publish}. */
  protected abstract void publishRaw(Vertx vertx, String payload);

  protected void cleanUp(Vertx vertx) {
  }

  @BeforeEach
  void openTheChannel(Vertx vertx) {
    channel = open(vertx);
  }

  @AfterEach
  void closeTheChannel(Vertx vertx) {
    channel.close().await();
    cleanUp(vertx);
  }

  @Test
  @DisplayName("a subscriber receives a published event with its type, data, origin and time intact")
  void publishThenReceive() {
    EventInbox inbox = new EventInbox();
    channel.subscribe(inbox).await();
    AuthEvent sent = AuthEvent.of("revoke_session", new JsonObject().put("session_id", "s-1"), "test/1");

    channel.publish(sent).await();

    assertThat(inbox.next()).isEqualTo(sent);
  }

  @Test
  @DisplayName("every subscriber receives every event")
  void everySubscriberReceives() {
    EventInbox first = new EventInbox();
    EventInbox second = new EventInbox();
    channel.subscribe(first).await();
    channel.subscribe(second).await();

    channel.publish(AuthEvent.of("logout", new JsonObject(), "test/1")).await();

    assertThat(first.next().type()).isEqualTo("logout");
    assertThat(second.next().type()).isEqualTo("logout");
  }

  @Test
  @DisplayName("after cancel() a subscriber receives nothing more, while the others still do")
  void cancelStopsDelivery(Vertx vertx) {
    Context oneContext = vertx.getOrCreateContext();
    EventInbox cancelled = new EventInbox();
    EventInbox staying = new EventInbox();
    AuthEventSubscription subscription = subscribeOn(oneContext, cancelled).await();
    subscribeOn(oneContext, staying).await();

    subscription.cancel().await();
    channel.publish(AuthEvent.of("logout", new JsonObject(), "test/1")).await();

    // both handlers run in order on one context, so once the second has the event the first would have had it
    assertThat(staying.next().type()).isEqualTo("logout");
    assertThat(cancelled.isEmpty()).isTrue();
  }

  @Test
  @DisplayName("messages that are not auth events are ignored, and later events still arrive")
  void malformedMessagesAreIgnored(Vertx vertx) {
    EventInbox inbox = new EventInbox();
    channel.subscribe(inbox).await();

    publishRaw(vertx, "not json at all");
    publishRaw(vertx, "[1, 2, 3]");
    publishRaw(vertx, "{\"type\": 5, \"at\": \"2026-11-22T10:00:00Z\"}");
    publishRaw(vertx, "{\"type\": \"logout\", \"at\": \"yesterday\"}");
    channel.publish(AuthEvent.of("key_rotated", new JsonObject(), "test/1")).await();

    assertThat(inbox.next().type()).isEqualTo("key_rotated");
    assertThat(inbox.isEmpty()).isTrue();
  }

  @Test
  @DisplayName("publishCounted answers how many subscribers the event reached: none, then the one subscribed")
  void publishCountedCountsReceivers() {
    assertThat(channel.publishCounted(AuthEvent.of("logout", null, "test/1")).await()).isZero();
    EventInbox inbox = new EventInbox();
    channel.subscribe(inbox).await();

    long receivers = channel.publishCounted(AuthEvent.of("logout", null, "test/1")).await();

    assertThat(receivers).isEqualTo(1);
    assertThat(inbox.next().type()).isEqualTo("logout");
  }

  @Test
  @DisplayName("a closed channel refuses to publish or subscribe")
  void closedChannelRefuses() {
    channel.close().await();

    assertThatThrownBy(() -> channel.publish(AuthEvent.of("logout", null, "test/1")).await())
      .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> channel.subscribe(new EventInbox()).await())
      .isInstanceOf(IllegalStateException.class);
  }

  private Future<AuthEventSubscription> subscribeOn(Context context, EventInbox inbox) {
    Promise<AuthEventSubscription> subscribed = Promise.promise();
    context.runOnContext(v -> channel.subscribe(inbox).onComplete(subscribed));
    return subscribed.future();
  }
}
