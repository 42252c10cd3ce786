package authsuite.common.jwt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * An identity's JSON written straight as text, once per verified token (every cache miss): the same bytes as
 * {@link Identity#toJson()} encoded, without a tree, a serializer provider or a date formatter. Only strings
 * both of Jackson's writers spell alike are written here (no control character, no surrogate); any other
 * identity goes through the tree, so that no answer changes by a byte.
 */
final class IdentityJson {
  private static final byte[] VALID_PREFIX = "{\"valid\":true,\"identity\":".getBytes(StandardCharsets.US_ASCII);
  /** 10000-01-01T00:00:00Z: from there ISO-8601 needs a sign, which Instant.toString writes. */
  private static final long YEAR_10000 = 253_402_300_800L;

  private static final int MAX_KEPT_CAPACITY = 4096;
  private static final ThreadLocal<StringBuilder> BUILDER = ThreadLocal.withInitial(() -> new StringBuilder(512));

  private IdentityJson() {
  }

  /**
   * {@code {"valid":true,"identity":<encoded>}} in one exactly sized array, copied once out of this thread's
   * builder: it is kept with the token. An identity the text writer leaves to the tree is answered through the
   * tree, as Jackson's byte writer spells it.
   */
  static byte[] validAnswer(Identity identity) {
    StringBuilder out = builder();
    if (!write(out, identity)) {
      return new JsonObject().put("valid", true).put("identity", identity.toJson()).toBuffer().getBytes();
    }
    int utf8 = ByteBufUtil.utf8Bytes(out);
    byte[] answer = new byte[VALID_PREFIX.length + utf8 + 1];
    ByteBuf bytes = Unpooled.wrappedBuffer(answer).writerIndex(0);
    bytes.writeBytes(VALID_PREFIX);
    // the exact length: writeUtf8 would reserve three bytes a character, more than the array has
    ByteBufUtil.reserveAndWriteUtf8(bytes, out, utf8);
    bytes.writeByte('}');
    return answer;
  }

  /** The identity's JSON inside an answer {@link #validAnswer} wrote. */
  static String identityOf(byte[] validAnswer) {
    return new String(validAnswer, VALID_PREFIX.length, validAnswer.length - VALID_PREFIX.length - 1, StandardCharsets.UTF_8);
  }

  /** The identity's JSON into {@code out}; false, with {@code out} unfinished, for one only the tree may write. */
  private static boolean write(StringBuilder out, Identity identity) {
    boolean plain = field(out, '{', "user_id", identity.userId())
        && field(out, ',', "subject", identity.subject())
        && field(out, ',', "email", identity.email())
        && field(out, ',', "username", identity.username())
        && list(out, "roles", identity.roles())
        && list(out, "scopes", identity.scopes())
        && field(out, ',', "session_id", identity.sessionId())
        && field(out, ',', "issuer", identity.issuer())
        && list(out, "audience", identity.audience());
    if (!plain) {
      return false;
    }
    time(out, "issued_at", identity.issuedAt());
    time(out, "expires_at", identity.expiresAt());
    if (!field(out, ',', "token_type", identity.tokenType()) || !field(out, ',', "source", identity.source())) {
      return false;
    }
    out.append(",\"degraded\":").append(identity.degraded()).append('}');
    return true;
  }

  /** This thread's builder, emptied: the text is copied out once. */
  private static StringBuilder builder() {
    StringBuilder out = BUILDER.get();
    if (out.capacity() > MAX_KEPT_CAPACITY) {
      out = new StringBuilder(512);
      BUILDER.set(out);
    }
    out.setLength(0);
    return out;
  }

  private static boolean field(StringBuilder out, char before, String name, String value) {
    out.append(before).append('"').append(name).append("\":");
    if (value == null) {
      out.append("null");
      return true;
    }
    return string(out, value);
  }

  private static boolean list(StringBuilder out, String name, List<String> values) {
    out.append(",\"").append(name).append("\":[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      if (!string(out, values.get(i))) {
        return false;
      }
    }
    out.append(']');
    return true;
  }

  /** Quoted, with {@code "} and {@code \} escaped as every JSON writer does; false for a character they may not spell alike. */
  private static boolean string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        return false;
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
    return true;
  }

  /** As Instant.toString writes it; by hand for whole seconds of years 1970 to 9999, which is every NumericDate but a fractional one. */
  private static void time(StringBuilder out, String name, Instant instant) {
    out.append(",\"").append(name).append("\":");
    if (instant == null) {
      out.append("null");
      return;
    }
    long seconds = instant.getEpochSecond();
    if (instant.getNano() != 0 || seconds < 0 || seconds >= YEAR_10000) {
      out.append('"').append(instant).append('"');
      return;
    }
    long days = seconds / 86_400;
    int ofDay = (int) (seconds % 86_400);
    // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian as java.time)
    long z = days + 719_468;
    long era = z / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    out.append('"').append(year).append('-');
    twoDigits(out, month).append('-');
    twoDigits(out, day).append('T');
    twoDigits(out, ofDay / 3600).append(':');
    twoDigits(out, ofDay / 60 % 60).append(':');
    twoDigits(out, ofDay % 60).append("Z\"");
  }

  private static StringBuilder twoDigits(StringBuilder out, int value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
