package authsuite.jwt.refresh;

import authsuite.jwt.refresh.RefreshFamilies.Outcome;
import authsuite.jwt.refresh.RefreshFamilies.Rotation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link RefreshFamilies} promises; each implementation runs it through a subclass. */
@ExtendWith(VertxExtension.class)
abstract class RefreshFamiliesContractTest {

  private static final int CONCURRENT_SPENDS = 50;
  private static final Duration NO_GRACE = Duration.ZERO;
  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

  protected RefreshFamilies families;
  private final String familyId = "fam-" + UUID.randomUUID();

  protected abstract RefreshFamilies create(Vertx vertx);

  protected void cleanUp(Vertx vertx) {
  }

  @BeforeEach
  void createFamilies(Vertx vertx) {
    families = create(vertx);
  }

  @AfterEach
  void cleanUpFamilies(Vertx vertx) {
    cleanUp(vertx);
  }

  @Test
  @DisplayName("each token of a family rotates once, handing its candidate back as the successor")
  void rotationChain() {
    Rotation first = spend("rt-1", successor(1), NO_GRACE);
    Rotation second = spend("rt-2", successor(2), NO_GRACE);

    assertThat(first).isEqualTo(new Rotation(Outcome.ROTATED, successor(1)));
    assertThat(second).isEqualTo(new Rotation(Outcome.ROTATED, successor(2)));
  }

  @Test
  @DisplayName("without grace, of 50 concurrent spends of one token exactly one rotates and the others are reuse")
  void concurrentSpendsWithoutGrace() {
    List<Rotation> rotations = spendConcurrently("rt-1", NO_GRACE);

    assertThat(rotations).filteredOn(r -> r.outcome() == Outcome.ROTATED).hasSize(1);
    assertThat(rotations).filteredOn(r -> r.outcome() == Outcome.REUSED).hasSize(CONCURRENT_SPENDS - 1)
      .allSatisfy(r -> assertThat(r.successor()).isNull());
  }

  @Test
  @DisplayName("reuse revokes the family: any other token of it is then refused as FAMILY_REVOKED")
  void reuseRevokesTheFamily() {
    spendConcurrently("rt-1", NO_GRACE);

    Rotation sibling = spend("rt-2", successor(2), NO_GRACE);

    assertThat(sibling).isEqualTo(new Rotation(Outcome.FAMILY_REVOKED, null));
  }

  @Test
  @DisplayName("with grace, of 50 concurrent spends exactly one rotates and every other gets that same successor")
  void concurrentSpendsInsideGrace() {
    List<Rotation> rotations = spendConcurrently("rt-1", Duration.ofSeconds(5));

    List<Rotation> rotated = rotations.stream().filter(r -> r.outcome() == Outcome.ROTATED).toList();
    assertThat(rotated).hasSize(1);
    assertThat(rotations).filteredOn(r -> r.outcome() == Outcome.REPLAYED_IN_GRACE).hasSize(CONCURRENT_SPENDS - 1)
      .allSatisfy(r -> assertThat(r.successor()).isEqualTo(rotated.get(0).successor()));
  }

  @Test
  @DisplayName("a repeat after the grace window is reuse, and revokes the family")
  void repeatAfterGraceIsReuse(Vertx vertx) {
    Duration grace = Duration.ofMillis(300);
    assertThat(spend("rt-1", successor(1), grace).outcome()).isEqualTo(Outcome.ROTATED);
    assertThat(spend("rt-1", successor(2), grace).outcome()).isEqualTo(Outcome.REPLAYED_IN_GRACE);

    // not an event wait: the point is the 300 ms grace window being over
    vertx.timer(600).await();

    assertThat(spend("rt-1", successor(3), grace)).isEqualTo(new Rotation(Outcome.REUSED, null));
    assertThat(spend("rt-2", successor(4), grace).outcome()).isEqualTo(Outcome.FAMILY_REVOKED);
  }

  @Test
  @DisplayName("a rotation without family, jti or candidate, or with a negative grace, is refused")
  void invalidArgumentsAreRefused() {
    assertThatThrownBy(() -> families.rotate(null, "rt-1", successor(1), NO_GRACE, TOKEN_LIFETIME).await())
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> families.rotate(familyId, "", successor(1), NO_GRACE, TOKEN_LIFETIME).await())
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> families.rotate(familyId, "rt-1", null, NO_GRACE, TOKEN_LIFETIME).await())
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> families.rotate(familyId, "rt-1", successor(1), Duration.ofSeconds(-1), TOKEN_LIFETIME)
      .await()).isInstanceOf(IllegalArgumentException.class);
  }

  private Rotation spend(String jti, JsonObject candidate, Duration grace) {
    return families.rotate(familyId, jti, candidate, grace, TOKEN_LIFETIME).await();
  }

  /** Every spend is fired before any is awaited, each with its own candidate, so they truly race. */
  private List<Rotation> spendConcurrently(String jti, Duration grace) {
    List<Future<Rotation>> spends = IntStream.range(0, CONCURRENT_SPENDS)
      .mapToObj(i -> families.rotate(familyId, jti, successor(i), grace, TOKEN_LIFETIME))
      .toList();
    Future.join(spends).await();
    return spends.stream().map(Future::result).toList();
  }

  private static JsonObject successor(int n) {
    return new JsonObject().put("access_token", "at-" + n).put("refresh_token", "rt-next-" + n);
  }
}
