package authsuite.common.jwt.revocation;

import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link Revocations} promises; each implementation runs it through a subclass. */
@ExtendWith(VertxExtension.class)
abstract class RevocationsContractTest {

  /**
   * How long a test waits for a revocation to reach another instance: a bound on the test, not a speed (how soon it
   * arrives is measured by bench/revocation.sh). Instances here resync from the store a minute or more apart, so within this
   * wait only the event can bring it.
   */
  protected static final long PROPAGATION_PATIENCE_MS = 10_000;
  private static final Instant NOW = Instant.now();
  private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

  protected Revocations revocations;
  private final List<Revocations> opened = new ArrayList<>();

  /** A new instance, as another service instance would have: its own clients and its own event channel. */
  protected abstract Revocations create(Vertx vertx);

  protected void cleanUp(Vertx vertx) {
  }

  protected Revocations startAnother(Vertx vertx) {
    Revocations another = create(vertx);
    opened.add(another);
    another.start().await();
    return another;
  }

  @BeforeEach
  void startRevocations(Vertx vertx) {
    revocations = startAnother(vertx);
  }

  @AfterEach
  void closeRevocations(Vertx vertx) {
    opened.forEach(instance -> instance.close().await());
    cleanUp(vertx);
  }

  @Test
  @DisplayName("a token, session, family or user revoked is revoked at once on the same instance")
  void revokedAtOnceHere() {
    String jti = id("jti");
    String session = id("s");
    String family = id("fam");
    String user = id("u");

    revocations.revokeToken(jti, IN_AN_HOUR).await();
    revocations.revokeSession(session, IN_AN_HOUR).await();
    revocations.revokeFamily(family, IN_AN_HOUR).await();
    revocations.revokeUser(user, NOW, IN_AN_HOUR).await();

    assertThat(revocations.isRevoked(jti, null, null, null, null)).isTrue();
    assertThat(revocations.isRevoked(null, session, null, null, null)).isTrue();
    assertThat(revocations.isRevoked(null, null, family, null, null)).isTrue();
    assertThat(revocations.isRevoked(null, null, null, user, NOW.minusSeconds(60))).isTrue();
    assertThat(revocations.isRevoked(id("jti"), id("s"), id("fam"), id("u"), NOW)).isFalse();
    assertThat(revocations.isRevoked(null, null, null, null, null)).isFalse();
  }

  @Test
  @DisplayName("another instance sees each kind of revocation within a second, through the event")
  void seenByAnotherInstance(Vertx vertx) {
    Revocations other = startAnother(vertx);
    String jti = id("jti");
    String session = id("s");
    String family = id("fam");
    String user = id("u");

    revocations.revokeToken(jti, IN_AN_HOUR).await();
    revocations.revokeSession(session, IN_AN_HOUR).await();
    revocations.revokeFamily(family, IN_AN_HOUR).await();
    revocations.revokeUser(user, NOW, IN_AN_HOUR).await();

    awaitTrue(vertx, () -> other.isRevoked(jti, null, null, null, null), "token revoked there");
    awaitTrue(vertx, () -> other.isRevoked(null, session, null, null, null), "session revoked there");
    awaitTrue(vertx, () -> other.isRevoked(null, null, family, null, null), "family revoked there");
    awaitTrue(vertx, () -> other.isRevoked(null, null, null, user, NOW.minusSeconds(60)), "user revoked there");
  }

  @Test
  @DisplayName("a user's tokens issued at or before the not-before are revoked, those issued after it are not")
  void userNotBefore() {
    String user = id("u");

    revocations.revokeUser(user, NOW, IN_AN_HOUR).await();

    assertThat(revocations.isRevoked(null, null, null, user, NOW.minusSeconds(1))).isTrue();
    assertThat(revocations.isRevoked(null, null, null, user, NOW)).isTrue();
    assertThat(revocations.isRevoked(null, null, null, user, null)).as("no iat counts as issued before").isTrue();
    assertThat(revocations.isRevoked(null, null, null, user, NOW.plusSeconds(1))).isFalse();
  }

  @Test
  @Tag("security")
  @DisplayName("a user revocation covers a whole-second iat of its own second and a millisecond iat up to it, here, there and after a reload")
  void revocationInTheSameSecond(Vertx vertx) {
    Revocations other = startAnother(vertx);
    String user = id("u");
    Instant notBefore = Instant.ofEpochSecond(NOW.getEpochSecond(), 500_000_000);
    Instant sameSecond = Instant.ofEpochSecond(notBefore.getEpochSecond());

    revocations.revokeUser(user, notBefore, IN_AN_HOUR).await();

    assertThat(revocations.isRevoked(null, null, null, user, sameSecond)).as("whole-second iat of that second").isTrue();
    assertThat(revocations.isRevoked(null, null, null, user, notBefore)).as("the same millisecond").isTrue();
    assertThat(revocations.isRevoked(null, null, null, user, notBefore.plusMillis(1))).as("a sign-in just after").isFalse();
    awaitTrue(vertx, () -> other.isRevoked(null, null, null, user, sameSecond), "same second revoked there");
    assertThat(other.isRevoked(null, null, null, user, notBefore.plusMillis(1))).isFalse();
    Revocations reloaded = startAnother(vertx);
    assertThat(reloaded.isRevoked(null, null, null, user, sameSecond)).as("after a reload").isTrue();
    assertThat(reloaded.isRevoked(null, null, null, user, notBefore.plusMillis(1))).as("after a reload").isFalse();
  }

  @Test
  @DisplayName("a later revocation of a user with an earlier not-before does not move the not-before back")
  void notBeforeNeverMovesBack(Vertx vertx) {
    String user = id("u");
    Instant issued = NOW.minusSeconds(50);

    revocations.revokeUser(user, NOW, IN_AN_HOUR).await();
    revocations.revokeUser(user, NOW.minusSeconds(100), IN_AN_HOUR).await();

    assertThat(revocations.isRevoked(null, null, null, user, issued)).isTrue();
    assertThat(startAnother(vertx).isRevoked(null, null, null, user, issued)).as("after a reload").isTrue();
  }

  @Test
  @DisplayName("a revocation past its until no longer revokes")
  void expiredRevocationsLapse(Vertx vertx) {
    Instant inASecond = Instant.now().plusSeconds(1);
    String jti = id("jti");
    String user = id("u");
    revocations.revokeToken(jti, inASecond).await();
    revocations.revokeUser(user, Instant.now(), inASecond).await();
    assertThat(revocations.isRevoked(jti, null, null, null, null)).isTrue();

    awaitTrue(vertx, () -> !revocations.isRevoked(jti, null, null, null, null), "the revocation lapses", PROPAGATION_PATIENCE_MS);
    assertThat(revocations.isRevoked(null, null, null, user, NOW.minusSeconds(60))).isFalse();
  }

  @Test
  @DisplayName("a newly started instance loads everything revoked before it started, without any event")
  void startLoadsEverything(Vertx vertx) {
    String jti = id("jti");
    String session = id("s");
    String family = id("fam");
    String user = id("u");
    revocations.revokeToken(jti, IN_AN_HOUR).await();
    revocations.revokeSession(session, IN_AN_HOUR).await();
    revocations.revokeFamily(family, IN_AN_HOUR).await();
    revocations.revokeUser(user, NOW, IN_AN_HOUR).await();

    Revocations restarted = startAnother(vertx);

    assertThat(restarted.isRevoked(jti, null, null, null, null)).isTrue();
    assertThat(restarted.isRevoked(null, session, null, null, null)).isTrue();
    assertThat(restarted.isRevoked(null, null, family, null, null)).isTrue();
    assertThat(restarted.isRevoked(null, null, null, user, NOW.minusSeconds(1))).isTrue();
    assertThat(restarted.isRevoked(null, null, null, user, NOW.plusSeconds(1))).isFalse();
    assertThat(restarted.status().getJsonObject("entries").getInteger("jti")).isGreaterThanOrEqualTo(1);
    assertThat(restarted.status().getString("loaded_at")).isNotNull();
  }

  protected static String id(String kind) {
    return kind + "-" + UUID.randomUUID();
  }

  /** Polls with Vert.x timers, never longer than {@link #PROPAGATION_PATIENCE_MS}. */
  protected static void awaitTrue(Vertx vertx, BooleanSupplier condition, String what) {
    awaitTrue(vertx, condition, what, PROPAGATION_PATIENCE_MS);
  }

  protected static void awaitTrue(Vertx vertx, BooleanSupplier condition, String what, long patienceMs) {
    Eventually.until(vertx, what, condition, Duration.ofMillis(patienceMs));
  }
}
