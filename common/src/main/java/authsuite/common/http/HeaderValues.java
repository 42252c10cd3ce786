package authsuite.common.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one rule for values copied from a credential into a header (forward-auth's {@code X-User-*}, the
 * gateway's upstream handshake): never raw. Every byte of the value's UTF-8 form outside visible ASCII
 * ({@code 0x21}-{@code 0x7E}), and {@code %} itself, is percent-encoded as in RFC 3986, so that a signed
 * claim holding CR, LF, NUL or a space can neither end the header, fold it onto a next line, nor be
 * trimmed by the reader; the receiver gets the exact value back by percent-decoding it as UTF-8.
 * Values of plain ASCII, almost all of them, are returned as they are: the hot path pays one scan.
 * See docs/threat-model.md, "values copied into headers".
 */
public final class HeaderValues {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HeaderValues() {
  }

  /** The value as it may travel in a header; null reads as empty. */
  public static String encode(String value) {
    return encode(value, false);
  }

  /** A comma-separated list whose items are encoded one by one, a comma inside an item included. */
  public static String list(List<String> values) {
    // no builder for the common case, on every verify: no roles, or one
    if (values.isEmpty()) {
      return "";
    }
    if (values.size() == 1) {
      return encode(values.get(0), true);
    }
    StringBuilder joined = new StringBuilder();
    for (String value : values) {
      if (!joined.isEmpty()) {
        joined.append(',');
      }
      joined.append(encode(value, true));
    }
    return joined.toString();
  }

  private static String encode(String value, boolean listItem) {
    if (value == null) {
      return "";
    }
    int i = 0;
    while (i < value.length() && carriedAsIs(value.charAt(i), listItem)) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder encoded = new StringBuilder(value.length() + 16).append(value, 0, i);
    for (byte b : value.substring(i).getBytes(StandardCharsets.UTF_8)) {
      int unsigned = b & 0xFF;
      if (carriedAsIs((char) unsigned, listItem)) {
        encoded.append((char) unsigned);
      } else {
        encoded.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
      }
    }
    return encoded.toString();
  }

  private static boolean carriedAsIs(char c, boolean listItem) {
    return c > 0x20 && c < 0x7F && c != '%' && !(listItem && c == ',');
  }
}
