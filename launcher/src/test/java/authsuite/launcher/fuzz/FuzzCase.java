package authsuite.launcher.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One hostile request as the bytes that go on the wire, for one service ({@code *}: every service).
 * The bytes are held as an ISO-8859-1 string (one char per byte), so that raw invalid UTF-8 survives;
 * {@value #INTERNAL_TOKEN} stands for an internal token minted when the case is sent, since one lives
 * at most 5 minutes and a corpus line lives for ever.
 */
record FuzzCase(String service, String label, String wire) {
  static final String INTERNAL_TOKEN = "{{internal}}";
  static final String ANY_SERVICE = "*";

  byte[] bytes(String internalToken) {
    return wire.replace(INTERNAL_TOKEN, internalToken).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** An answer to HEAD has a head only, whatever its Content-Length says. */
  boolean isHead() {
    return wire.startsWith("HEAD ");
  }

  boolean forService(String name) {
    return service.equals(ANY_SERVICE) || service.equals(name);
  }

  /** The request line and head as readable text, for a failure message. */
  String shown() {
    String head = wire.length() > 600 ? wire.substring(0, 600) + "...(" + wire.length() + " bytes)" : wire;
    return escape(head);
  }

  /** A corpus line: {@code service<TAB>label<TAB>escaped bytes}. */
  String toLine() {
    return service + "\t" + label.replace('\t', ' ') + "\t" + escape(wire);
  }

  static FuzzCase fromLine(String line) {
    String[] parts = line.split("\t", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a corpus line is service<TAB>label<TAB>bytes: " + line);
    }
    return new FuzzCase(parts[0], parts[1], unescape(parts[2]));
  }

  /** Printable ASCII as itself; {@code \\}, {@code \r}, {@code \n}, {@code \t}; any other byte as {@code \xHH}. */
  static String escape(String wire) {
    StringBuilder out = new StringBuilder(wire.length());
    for (char c : wire.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append(c);
          } else {
            out.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
          }
        }
      }
    }
    return out.toString();
  }

  /** The inverse of {@link #escape}, plus {@code \{N*text}} for text repeated N times (oversized cases stay one short line). */
  static String unescape(String escaped) {
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = escaped.charAt(++i);
      switch (next) {
        case '\\' -> out.append('\\');
        case 'r' -> out.append('\r');
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'x' -> {
          out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case '{' -> {
          int end = escaped.indexOf('}', i);
          String[] repeat = escaped.substring(i + 1, end).split("\\*", 2);
          out.append(unescape(repeat[1]).repeat(Integer.parseInt(repeat[0])));
          i = end;
        }
        default -> throw new IllegalArgumentException("unknown escape \\" + next + " in " + escaped);
      }
    }
    return out.toString();
  }
}
