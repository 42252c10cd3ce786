package authsuite.common.jwt;

/**
 * Unpadded base64url read strictly: one spelling per byte string (docs/threat-model.md, "one token,
 * one spelling"). Java's decoder ignores the unused low bits of a final partial group, so 2^4 (or
 * 2^2) texts would decode to the same bytes; here any of those bits set makes the text unreadable.
 * Every credential the suite reads in base64url (token parts, session ids) goes through this.
 */
public final class CanonicalBase64Url {
  private CanonicalBase64Url() {
  }

  /** The bytes of the whole text, or null unless it is canonical unpadded base64url. */
  public static byte[] decode(String text) {
    return decode(text, 0, text.length());
  }

  /** The bytes of {@code text[from, to)}, or null unless it is canonical unpadded base64url. */
  public static byte[] decode(String text, int from, int to) {
    byte[] out = new byte[decodedLength(from, to)];
    return decode(text, from, to, out, 0) ? out : null;
  }

  /** How many bytes {@code text[from, to)} decodes to, if it is readable. */
  public static int decodedLength(int from, int to) {
    return (to - from) * 3 / 4;
  }

  /**
   * {@code text[from, to)} decoded into {@code out} from {@code offset}, {@link #decodedLength} bytes; false (with
   * {@code out} partly written) unless it is canonical unpadded base64url.
   */
  public static boolean decode(String text, int from, int to, byte[] out, int offset) {
    int tail = (to - from) % 4;
    // a single leftover character can never be valid base64
    if (tail == 1) {
      return false;
    }
    if (tail != 0) {
      int unusedBits = tail == 2 ? 0b1111 : 0b11;
      int last = sextet(text.charAt(to - 1));
      if (last < 0 || (last & unusedBits) != 0) {
        return false;
      }
    }
    // decoded here rather than by java.util.Base64, which wants a substring and then its bytes: two copies per part
    int bits = 0;
    int pending = 0;
    int written = offset;
    for (int i = from; i < to; i++) {
      int value = sextet(text.charAt(i));
      if (value < 0) {
        // no padding, no standard-base64 '+' or '/', nothing a lenient decoder would skip or accept
        return false;
      }
      bits = bits << 6 | value;
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        out[written++] = (byte) (bits >> pending);
      }
    }
    return true;
  }

  /** The value of a base64url character, -1 for any other. */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == '-') {
      return 62;
    }
    return c == '_' ? 63 : -1;
  }
}
