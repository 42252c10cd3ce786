package authsuite.coordinator;

import authsuite.common.events.ModeChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The mode decision: window, hysteresis, both dependencies down, drills")
class ModeKeeperTest {
  private static final CoordinatorSettings SETTINGS = new CoordinatorSettings(Duration.ofSeconds(1), Duration.ofMillis(500), 3,
      Duration.ofSeconds(5), 3, 2, Optional.of("http://primary"), "/health", 1_000);
  private static final ProbeTarget REDIS = new ProbeTarget("redis", "redis", null, "redis://r:6379", true, null);
  private static final ProbeTarget PRIMARY = new ProbeTarget("primary_auth", "primary_auth", null, "http://primary", true, null);
  private final ModeKeeper keeper = new ModeKeeper(SETTINGS, Clock.systemUTC());
  private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

  private Optional<ModeChange> round(boolean redisUp, boolean primaryUp) {
    return keeper.observe(Optional.of(result(REDIS, redisUp)), Optional.of(result(PRIMARY, primaryUp)), now);
  }

  private static ProbeResult result(ProbeTarget target, boolean up) {
    return new ProbeResult(target, up ? "healthy" : "unhealthy", 1.0, "closed", null, up ? null : "connection refused");
  }

  @Test
  @DisplayName("degraded only on the third failed round of the primary, normal again only on the second good one")
  void hysteresis() {
    assertThat(round(true, false)).isEmpty();
    assertThat(round(true, false)).isEmpty();
    ModeChange degraded = round(true, false).orElseThrow();
    assertThat(degraded.mode()).isEqualTo("degraded");
    assertThat(degraded.previous()).isEqualTo("normal");
    assertThat(degraded.reason()).contains("primary auth service failing (connection refused)");

    assertThat(round(true, true)).isEmpty();
    assertThat(round(true, false)).as("one good round between failures recovers nothing").isEmpty();
    assertThat(round(true, true)).isEmpty();
    assertThat(round(true, true).orElseThrow().mode()).isEqualTo("normal");
  }

  @Test
  @DisplayName("both Redis and the primary failing is emergency; an unconfigured dependency never fails")
  void emergency() {
    for (int i = 0; i < 2; i++) {
      round(false, false);
    }
    ModeChange emergency = round(false, false).orElseThrow();
    assertThat(emergency.mode()).isEqualTo("emergency");
    assertThat(emergency.reason()).contains("redis failing").contains("primary auth service failing");

    ModeKeeper embedded = new ModeKeeper(SETTINGS, Clock.systemUTC());
    for (int i = 0; i < 5; i++) {
      assertThat(embedded.observe(Optional.empty(), Optional.empty(), now)).isEmpty();
    }
    assertThat(embedded.mode()).isEqualTo("normal");
  }

  @Test
  @DisplayName("a drill wins over the probes until it expires, and its start and end are both announced")
  void drill() {
    ModeChange forced = keeper.force("emergency", now.plusSeconds(60), now).orElseThrow();
    assertThat(forced.forced()).isTrue();
    assertThat(forced.expiresAt()).isEqualTo(now.plusSeconds(60));
    assertThat(keeper.observe(Optional.of(result(REDIS, true)), Optional.of(result(PRIMARY, true)), now.plusSeconds(30))).isEmpty();
    assertThat(keeper.mode()).isEqualTo("emergency");

    ModeChange expired = keeper.observe(Optional.of(result(REDIS, true)), Optional.of(result(PRIMARY, true)), now.plusSeconds(61))
        .orElseThrow();
    assertThat(expired.mode()).isEqualTo("normal");
    assertThat(expired.forced()).isFalse();

    keeper.force("normal", now.plusSeconds(600), now);
    assertThat(keeper.current().forced()).isTrue();
    ModeChange ended = keeper.endDrill(now).orElseThrow();
    assertThat(ended.mode()).isEqualTo("normal");
    assertThat(ended.forced()).isFalse();
  }
}
