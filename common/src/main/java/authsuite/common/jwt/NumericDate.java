package authsuite.common.jwt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * RFC 7519's NumericDate, which may carry a fraction: the suite writes {@code iat} to the
 * millisecond, so that a sign-in in the same second as, but after, a user's revocation is told
 * apart from a token issued before it (docs/threat-model.md, "revocation in the same second").
 */
public final class NumericDate {
  private static final BigDecimal MIN_MILLIS = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(Long.MAX_VALUE);

  private NumericDate() {
  }

  /** Epoch seconds with the milliseconds as a fraction (an exact decimal, not a binary double). */
  public static BigDecimal of(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  /** A claim's seconds, fraction kept to the millisecond. */
  public static Instant instant(Number seconds) {
    if (seconds instanceof Long || seconds instanceof Integer || seconds instanceof Short || seconds instanceof Byte) {
      return Instant.ofEpochSecond(Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds.longValue())));
    }
    BigDecimal millis = (seconds instanceof BigDecimal decimal ? decimal : new BigDecimal(seconds.toString()))
        .movePointRight(3).setScale(0, RoundingMode.FLOOR);
    // far outside any token's life either way: clamped, as a whole-second reading of it would be
    return Instant.ofEpochMilli(millis.max(MIN_MILLIS).min(MAX_MILLIS).longValue());
  }
}
