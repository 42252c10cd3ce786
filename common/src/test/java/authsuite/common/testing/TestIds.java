package authsuite.common.testing;

import java.security.SecureRandom;
import java.util.HexFormat;

final class TestIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestIds() {
  }

  static String randomHex(int length) {
    byte[] bytes = new byte[(length + 1) / 2];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes).substring(0, length);
  }

  /** A Redis glob matching {@code literal} exactly, whatever characters it holds. */
  static String globEscaped(String literal) {
    return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
