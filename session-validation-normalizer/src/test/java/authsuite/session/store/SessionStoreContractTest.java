package authsuite.session.store;

import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link SessionStore} promises; each implementation runs it through a subclass. */
@ExtendWith(VertxExtension.class)
abstract class SessionStoreContractTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  protected SessionStore store;

  protected abstract SessionStore createStore(Vertx vertx);

  protected void cleanUp(Vertx vertx) {
  }

  @BeforeEach
  void createTheStore(Vertx vertx) {
    store = createStore(vertx);
  }

  @AfterEach
  void closeTheStore(Vertx vertx) {
    store.close().await();
    cleanUp(vertx);
  }

  @Test
  @DisplayName("a stored session is returned as it was put")
  void putThenGet() {
    JsonObject session = aliceSession();
    String id = newId();

    store.put(id, session, MINUTE).await();

    assertThat(store.get(id).await()).isEqualTo(session);
  }

  @Test
  @DisplayName("changing the caller's object after put does not change the stored session")
  void storedSessionIsACopy() {
    JsonObject session = aliceSession();
    String id = newId();
    store.put(id, session, MINUTE).await();

    session.put("roles", "admin");

    assertThat(store.get(id).await()).isEqualTo(aliceSession());
  }

  @Test
  @DisplayName("an unknown id is absent for get, touch, remainingTtl and delete")
  void unknownIdIsAbsent() {
    String id = newId();

    assertThat(store.get(id).await()).isNull();
    assertThat(store.touch(id, MINUTE).await()).isNull();
    assertThat(store.remainingTtl(id).await()).isNull();
    assertThat(store.delete(id).await()).isFalse();
  }

  @Test
  @DisplayName("touch returns the session and resets its expiry to the new ttl")
  void touchSlidesTheExpiry(Vertx vertx) {
    String id = newId();
    store.put(id, aliceSession(), Duration.ofSeconds(3)).await();
    vertx.timer(500).await(); // not an event wait: some of the ttl must be spent for the touch to restore it
    Duration beforeTouch = store.remainingTtl(id).await();

    JsonObject touched = store.touch(id, Duration.ofSeconds(3)).await();

    assertThat(touched).isEqualTo(aliceSession());
    assertThat(store.remainingTtl(id).await()).isGreaterThan(beforeTouch);
  }

  @Test
  @DisplayName("touchEncoded slides the expiry like touch and answers the session's JSON text; null when absent")
  void touchEncodedSlidesTheExpiry() {
    String id = newId();
    assertThat(store.touchEncoded(id, MINUTE).await()).isNull();
    store.put(id, aliceSession(), Duration.ofSeconds(3)).await();

    assertThat(new JsonObject(store.touchEncoded(id, MINUTE).await())).isEqualTo(aliceSession());
    assertThat(store.remainingTtl(id).await()).isGreaterThan(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("touch may lengthen the expiry beyond the one the session was put with")
  void touchLengthensTheExpiry() {
    String id = newId();
    store.put(id, aliceSession(), Duration.ofSeconds(3)).await();

    store.touch(id, MINUTE).await();

    assertThat(store.remainingTtl(id).await()).isGreaterThan(Duration.ofSeconds(3)).isLessThanOrEqualTo(MINUTE);
  }

  @Test
  @DisplayName("get does not extend the expiry")
  void getDoesNotSlide() {
    String id = newId();
    store.put(id, aliceSession(), Duration.ofSeconds(3)).await();

    store.get(id).await();

    assertThat(store.remainingTtl(id).await()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("a session past its ttl is gone")
  void expiredSessionIsAbsent(Vertx vertx) {
    String id = newId();
    store.put(id, aliceSession(), Duration.ofSeconds(1)).await();

    // the patience bounds the test; that the session goes at all, with nobody deleting it, is the point
    Eventually.until(vertx, () -> store.get(id).await(), gone -> gone == null, Duration.ofSeconds(10));
    assertThat(store.touch(id, MINUTE).await()).isNull();
    assertThat(store.remainingTtl(id).await()).isNull();
    assertThat(store.delete(id).await()).isFalse();
  }

  @Test
  @DisplayName("delete removes the session and says whether it existed")
  void deleteRemoves() {
    String id = newId();
    store.put(id, aliceSession(), MINUTE).await();

    assertThat(store.delete(id).await()).isTrue();
    assertThat(store.get(id).await()).isNull();
    assertThat(store.delete(id).await()).isFalse();
  }

  @Test
  @DisplayName("put replaces an existing session and its expiry")
  void putReplaces() {
    String id = newId();
    store.put(id, aliceSession(), Duration.ofSeconds(3)).await();
    JsonObject replacement = aliceSession().put("roles", "admin");

    store.put(id, replacement, MINUTE).await();

    assertThat(store.get(id).await()).isEqualTo(replacement);
    assertThat(store.remainingTtl(id).await()).isGreaterThan(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("a ttl that is zero, negative or under a millisecond is rejected")
  void nonPositiveTtlIsRejected() {
    String id = newId();

    assertThatThrownBy(() -> store.put(id, aliceSession(), Duration.ZERO).await())
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(id, aliceSession(), Duration.ofSeconds(-1)).await())
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.touch(id, Duration.ofNanos(10)).await())
      .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.get(id).await()).isNull();
  }

  private static String newId() {
    return "s-" + UUID.randomUUID();
  }

  private static JsonObject aliceSession() {
    return new JsonObject().put("user_id", "42").put("username", "alice").put("roles", "chat-user");
  }
}
