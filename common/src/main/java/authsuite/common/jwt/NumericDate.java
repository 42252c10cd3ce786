package authsuite.common.jwt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * RFC 7519's NumericDate, which may carry a fraction: the suite writes {@code iat} to the
 * millisecond, so that a sign-in in the same second as, but after, a user's revocation is told
 * apart from a token issued before it (docs/threat-model.md, "revocation in the same second").
 *
 * <p>One rule reads every NumericDate the suite is handed, in a token ({@code exp}, {@code nbf},
 * {@code iat}, {@code root_iat}), a request or an event ({@code not_before}): a finite number of
 * seconds from 1970-01-01 to the end of 9999. Anything else (a string, {@code 1e308}, a value past
 * a long, a negative) is not a date at all and the caller refuses it as malformed, rather than
 * clamping it into one or overflowing arithmetic on it (docs/robustness.md, "numeric claims").
 */
public final class NumericDate {
  /** 9999-12-31T23:59:59Z: the last second ISO-8601 writes with four digits. */
  public static final long MAX_SECONDS = 253_402_300_799L;
  private static final BigDecimal MAX = BigDecimal.valueOf(MAX_SECONDS);

  private NumericDate() {
  }

  /** Epoch seconds with the milliseconds as a fraction (an exact decimal, not a binary double). */
  public static BigDecimal of(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  /**
   * The instant a NumericDate value stands for, fraction kept to the millisecond.
   *
   * @return null when the value is not a number, or not a finite one from 0 to {@link #MAX_SECONDS}
   */
  public static Instant read(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      long seconds = ((Number) value).longValue();
      return seconds < 0 || seconds > MAX_SECONDS ? null : Instant.ofEpochSecond(seconds);
    }
    BigDecimal seconds = decimal(value);
    if (seconds == null || seconds.signum() < 0 || seconds.compareTo(MAX) > 0) {
      return null;
    }
    return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact());
  }

  /** {@link #read} as whole epoch seconds (the fraction dropped), or null when it is not a NumericDate. */
  public static Long seconds(Object value) {
    Instant instant = read(value);
    return instant == null ? null : instant.getEpochSecond();
  }

  /**
   * A time given either as a NumericDate or as ISO-8601 text (requests and events accept both), under the same
   * range; null when it is neither.
   */
  public static Instant readTime(Object value) {
    if (!(value instanceof String iso)) {
      return read(value);
    }
    try {
      Instant instant = Instant.parse(iso);
      return instant.isBefore(Instant.EPOCH) || instant.getEpochSecond() > MAX_SECONDS ? null : instant;
    } catch (java.time.format.DateTimeParseException notIso) {
      return null;
    }
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      return Double.isFinite(number) ? new BigDecimal(value.toString()) : null;
    }
    if (value instanceof Number number) {
      try {
        return new BigDecimal(number.toString());
      } catch (NumberFormatException notDecimal) {
        return null;
      }
    }
    return null;
  }
}
