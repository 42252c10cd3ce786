package authsuite.common.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, for a service built with a {@link Clock}: it starts at the real time and stands
 * still until {@link #advance}, so that a test of a lifetime advances time instead of waiting for it.
 */
public final class TestClock extends Clock {
  private volatile Instant now;

  public TestClock() {
    this(Instant.now());
  }

  public TestClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward; answers the new time. */
  public synchronized Instant advance(Duration by) {
    now = now.plus(by);
    return now;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a TestClock is UTC");
  }
}
