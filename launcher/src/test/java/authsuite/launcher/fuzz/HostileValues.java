package authsuite.launcher.fuzz;

import authsuite.common.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The wall's vocabulary: JSON values of every wrong type and absurd size, strings holding what
 * breaks parsers, loggers and terminals, and tokens that are correctly signed but say absurd things.
 * Every string here is wire bytes, one char per byte (ISO-8859-1), so raw invalid UTF-8 stays raw.
 */
final class HostileValues {
  static final String NUL = "\u0000";
  /** U+202E RIGHT-TO-LEFT OVERRIDE and U+2066 LEFT-TO-RIGHT ISOLATE, as UTF-8 bytes. */
  static final String BIDI_BYTES = utf8("\u202e\u2066");
  /** The UTF-8-like encoding of the lone surrogate U+D800, which no valid UTF-8 holds. */
  static final String LONE_SURROGATE_BYTES = "\u00ed\u00a0\u0080";
  static final String INVALID_UTF8 = "\u00ff\u00fe\u00c0\u00af";

  /** JSON texts of every type, absurd numbers included; each parses, or is meant not to. */
  static final List<String> JSON_VALUES = List.of(
      "null", "true", "false", "0", "-0", "-0.0", "1", "-1", "1.5", "1e308", "-1e308", "1e309", "4.9e-324", "1e-400",
      "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
      "123456789012345678901234567890123456789", "[]", "{}", "[null]", "[1e308]", "[[[[[]]]]]", "{\"a\":{\"b\":[{}]}}",
      "\"\"", "\" \"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"-0\"", "\"1e308\"", "\"9223372036854775808\"",
      "\"%zz\"", "\"%00\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\"",
      "\"\\u202e\\u2066evil\"", "\"\\u0007\\u001b[31m\\r\\nX-Injected: 1\"", "\"" + BIDI_BYTES + "x\"",
      "\"" + LONE_SURROGATE_BYTES + "\"", "\"" + INVALID_UTF8 + "\"", "\"" + "a".repeat(9_000) + "\"",
      "\"../../etc/passwd\"", "\"*\"", "\"' OR 1=1 --\"", "\"${jndi:ldap://x/a}\"", "\"{{7*7}}\"");

  /** Text for query values, header values and cookies, as the bytes written on the wire. */
  static final List<String> WIRE_STRINGS = List.of(
      "", "%", "%zz", "%G1", "a%2", "%%%", "%00", "%0d%0aX-Injected:%201", "%ED%A0%80", "%C0%AF", "%FF%FE", "%u202e",
      "%E2%80%AE", "1e308", "-0", "9223372036854775808", "NaN", "a".repeat(5_000), "x" + BIDI_BYTES,
      "x" + LONE_SURROGATE_BYTES, "x" + INVALID_UTF8, "\u0001\u0002\u007f", "a b", "a\"b", "a;b=c", "..%2f..%2f");

  private HostileValues() {
  }

  /** Correctly signed primary-auth tokens (HS256, JWT_SECRET_KEY) whose claims are absurd: each claims JSON is written by hand. */
  static List<String> absurdTokens() {
    List<String> claims = new ArrayList<>();
    for (String number : List.of("1e308", "-1e308", "-0", "9223372036854775808", "18446744073709551616", "1e-400",
        "\"garbage\"", "\"NaN\"", "[]", "{}", "null", "true")) {
      claims.add("{\"sub\":\"fuzz\",\"type\":\"access\",\"iat\":1700000000,\"exp\":" + number + "}");
      claims.add("{\"sub\":\"fuzz\",\"type\":\"access\",\"iat\":" + number + ",\"exp\":4102444800}");
      claims.add("{\"sub\":\"fuzz\",\"type\":\"access\",\"iat\":1700000000,\"nbf\":" + number + ",\"exp\":4102444800}");
    }
    for (String subject : List.of("1e308", "{}", "[]", "\"\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\u202eevil\"",
        "\"" + "s".repeat(4000) + "\"")) {
      claims.add("{\"sub\":" + subject + ",\"type\":\"access\",\"iat\":1700000000,\"exp\":4102444800}");
    }
    claims.add("{\"sub\":\"fuzz\",\"type\":\"access\",\"iat\":1700000000,\"exp\":4102444800,\"roles\":1e308,\"scope\":{}}");
    claims.add("{\"sub\":\"fuzz\",\"type\":\"access\",\"iat\":1700000000,\"exp\":4102444800,\"aud\":[1e308,null,{}]}");
    claims.add("{\"sub\":\"fuzz\",\"type\":\"access\",\"iat\":1700000000,\"exp\":4102444800,\"sid\":\"\\u0000\",\"jti\":{}}");
    claims.add("{\"sub\":\"fuzz\",\"type\":\"refresh\",\"iat\":1700000000,\"exp\":1e308,\"jti\":\"r\"}");
    claims.add("{\"sub\":\"fuzz\",\"token_type\":\"emergency\",\"iss\":\"authsuite-emergency\",\"iat\":1700000000,\"exp\":1e308}");
    return claims.stream().map(HostileValues::signed).toList();
  }

  /** A valid primary-auth access token that lives until 2100, so that a corpus line holding it stays meaningful. */
  static String longLivedAccessToken() {
    return signed("{\"sub\":\"fuzz-user\",\"email\":\"fuzz@example.com\",\"type\":\"access\",\"roles\":[\"chat-user\"],"
        + "\"iat\":1700000000,\"exp\":4102444800,\"jti\":\"fuzz-long-lived\"}");
  }

  /** Malformed tokens: wrong part counts, bad base64url, a header that is not JSON. */
  static final List<String> MALFORMED_TOKENS = List.of(
      ".", "..", "a.b", "a.b.c.d", "eyJ.eyJ.", "!!!.@@@.###", "eyJhbGciOiJub25lIn0.e30.",
      "eyJhbGciOiJIUzI1NiJ9.e30=.AAAA", b64("{\"alg\":\"HS256\",\"alg\":\"none\"}") + "." + b64("{}") + ".AAAA",
      b64("[]") + "." + b64("{}") + ".AAAA", b64("{\"alg\":1e308}") + "." + b64("{}") + ".AAAA",
      b64("{\"alg\":\"HS256\",\"crit\":[\"x\"]}") + "." + b64("{}") + ".AAAA", "x".repeat(9_000));

  static String signed(String claimsJson) {
    String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claimsJson);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(TestTokens.JWT_SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String utf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
