package authsuite.common.testing;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text that is no identifier (docs/robustness.md, "identifiers"), keyed by what is wrong with it, and the JSON that
 * carries it the way an attacker writes it: a lone surrogate as a {@code \\uD800} escape, which a JSON parser turns
 * back into a lone surrogate (an encoder would have replaced it with {@code ?} on the way out).
 */
public final class HostileText {
  private HostileText() {
  }

  /** Each a would-be identifier that must be refused; their well-formed look-alikes ("42", "gnp.exe") are not. */
  public static Map<String, String> identifiers() {
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("NUL", "42\u0000");
    ids.put("control character", "4\u00012");
    ids.put("bidi override U+202E", "\u202Egnp.exe");
    ids.put("bidi isolate U+2066", "a\u2066b");
    ids.put("zero-width space U+200B", "\u200B42");
    ids.put("lone high surrogate", "a\uD800b");
    ids.put("lone low surrogate", "a\uDC00");
    ids.put("line separator U+2028", "a\u2028b");
    ids.put("not NFC (e + combining acute)", "ame\u0301lie");
    ids.put("blank", "   ");
    return ids;
  }

  /** The object as JSON text, with every surrogate that has no partner written as a JSON escape. */
  public static String json(JsonObject object) {
    String text = object.encode();
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      if (Character.isSurrogate(c) && !paired) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
