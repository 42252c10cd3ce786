package authsuite.common.text;

import authsuite.common.http.Problem;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;

/**
 * The one rule for text that names something and is used as a key: user ids, session ids, usernames and emails
 * looked up as keys, channel names, connection ids, token ids (docs/robustness.md, "identifiers").
 *
 * <p>An identifier is a non-blank string of at most {@link #MAX_LENGTH} UTF-16 units, well formed (no lone
 * surrogate, which no encoder writes back as it came), without control characters (Unicode Cc: NUL ends a
 * PostgreSQL text value and a C string), format characters (Cf: bidi overrides such as U+202E, zero-width joiners,
 * BOMs, which make two ids print alike) or line and paragraph separators, and already in Unicode NFC.
 *
 * <p>Text not in NFC is refused, not normalized: a key the suite stores is then byte for byte the one its client
 * sent and will send again, and two spellings of one name (a precomposed and a decomposed "é") can never be two
 * keys, nor silently become one key behind the client's back.
 */
public final class Identifiers {
  public static final int MAX_LENGTH = 256;
  /** The problem code of an identifier that breaks the rule; a value of the wrong JSON type stays {@code invalid_request}. */
  public static final String INVALID_IDENTIFIER = "invalid_identifier";

  private Identifiers() {
  }

  /** Why {@code text} is not an identifier, or null when it is one. */
  public static String defect(String text) {
    if (text == null || text.isBlank()) {
      return "is empty";
    }
    if (text.length() > MAX_LENGTH) {
      return "is longer than " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      switch (Character.getType(codePoint)) {
        case Character.SURROGATE -> {
          return "holds a lone surrogate (not well-formed UTF-16)";
        }
        case Character.CONTROL -> {
          return "holds a control character (U+" + hex(codePoint) + ")";
        }
        case Character.FORMAT -> {
          return "holds a format or bidi control character (U+" + hex(codePoint) + ")";
        }
        case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
          return "holds a line separator (U+" + hex(codePoint) + ")";
        }
        default -> { }
      }
      i += Character.charCount(codePoint);
    }
    if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
      return "is not in Unicode NFC (send its precomposed form)";
    }
    return null;
  }

  public static boolean isIdentifier(Object value) {
    return value instanceof String text && defect(text) == null;
  }

  /** The identifier in {@code body.field}; a 400 problem naming the field when it is absent or breaks the rule. */
  public static String required(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      throw Problem.badRequest("invalid_request", field + " is required").field(field);
    }
    return checked(field, value);
  }

  /** The identifier in {@code body.field}, or null when there is none; a 400 problem naming the field when it breaks the rule. */
  public static String optional(JsonObject body, String field) {
    Object value = body.getValue(field);
    return value == null ? null : checked(field, value);
  }

  /** {@code value} as an identifier; a 400 problem naming {@code field} when it is not one. */
  public static String checked(String field, Object value) {
    if (!(value instanceof String text)) {
      throw Problem.badRequest("invalid_request", field + " must be a string").field(field);
    }
    String defect = defect(text);
    if (defect != null) {
      throw Problem.badRequest(INVALID_IDENTIFIER, field + " " + defect).field(field);
    }
    return text;
  }

  private static String hex(int codePoint) {
    return String.format("%04X", codePoint);
  }
}
