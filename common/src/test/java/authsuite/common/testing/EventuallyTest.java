package authsuite.common.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The kit's waiting: Eventually reads until done or fails with the last answer; TestClock moves only when told")
class EventuallyTest {

  @Test
  @DisplayName("answers the first reading that is done, reading no further")
  void firstDoneAnswer() {
    AtomicInteger reads = new AtomicInteger();
    assertThat(Eventually.until(reads::incrementAndGet, n -> n == 3, Duration.ofSeconds(5))).isEqualTo(3);
    assertThat(reads.get()).isEqualTo(3);
  }

  @Test
  @DisplayName("fails once its patience is spent, naming the last answer or what it waited for")
  void failsWithTheLastAnswer() {
    assertThatThrownBy(() -> Eventually.until(() -> "still starting", "ready"::equals, Duration.ofMillis(120)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("120 ms").hasMessageContaining("still starting");
    assertThatThrownBy(() -> Eventually.until("the door opens", () -> false, Duration.ofMillis(120)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("the door opens");
  }

  @Test
  @DisplayName("a TestClock stands still until advanced")
  void testClock() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    TestClock clock = new TestClock(start);
    assertThat(clock.instant()).isEqualTo(start);
    assertThat(clock.advance(Duration.ofSeconds(30))).isEqualTo(start.plusSeconds(30));
    assertThat(clock.millis()).isEqualTo(start.plusSeconds(30).toEpochMilli());
  }
}
