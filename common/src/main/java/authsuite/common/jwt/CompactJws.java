package authsuite.common.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JWS in compact form, split and decoded strictly: exactly three parts, canonical unpadded
 * base64url only (the unused low bits of a part's last character must be zero, so that one token
 * has one spelling), a JSON-object header of bounded size and a JSON-object payload, neither with
 * a repeated member name. Anything else is {@code null} from {@link #parse}: a malformed token,
 * decided before any key is touched.
 *
 * <p>Why by hand beside Nimbus: on a verified-token cache miss, this parser and PrimarySecrets' Mac verify about
 * 2.4x as many distinct HS256 tokens per second as Nimbus DefaultJWTProcessor/MACVerifier with the same checks,
 * and allocate 4.7 KB per token against its 18.7 KB (bench Hs256StackBenchmark, bench/RESULTS.md "JWT stacks",
 * a quiet 2-core machine).
 */
public record CompactJws(JsonObject header, JsonObject payload, byte[] signingInput, byte[] signature) {
  private static final int MAX_HEADER_BYTES = 1024;
  /** Repeated names are refused by {@link #object}, which sees each map grow, instead of Jackson's per-object HashSet. */
  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  public static CompactJws parse(String token) {
    if (token == null || token.isEmpty() || token.length() > JwtSettings.MAX_TOKEN_BYTES) {
      return null;
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    // an empty signature still parses, so that alg "none" is refused as such, not as malformed
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      return null;
    }
    if (!isBase64Url(token, 0, token.length())) {
      return null;
    }
    // header and payload decoded side by side, a space between, and read by one parser
    int headerLength = CanonicalBase64Url.decodedLength(0, first);
    byte[] json = new byte[headerLength + 1 + CanonicalBase64Url.decodedLength(first + 1, second)];
    if (headerLength > MAX_HEADER_BYTES || !CanonicalBase64Url.decode(token, 0, first, json, 0)
        || !CanonicalBase64Url.decode(token, first + 1, second, json, headerLength + 1)) {
      return null;
    }
    json[headerLength] = ' ';
    byte[] signature = CanonicalBase64Url.decode(token, second + 1, token.length());
    JsonObject[] headerAndPayload = signature == null ? null : headerAndPayload(json, headerLength);
    if (headerAndPayload == null) {
      return null;
    }
    return new CompactJws(headerAndPayload[0], headerAndPayload[1], ascii(token, second), signature);
  }

  /**
   * The token's identity whatever its spelling: a SHA-256 over the signing input and the decoded
   * signature, hex. Two texts of one signed token (were a non-canonical spelling ever let through)
   * have one fingerprint, so it is what a token without a {@code jti} is known by.
   */
  public String fingerprint() {
    MessageDigest digest = SHA256.get();
    digest.update(signingInput);
    digest.update((byte) '.');
    return HexFormat.of().formatHex(digest.digest(signature));
  }

  /** The first {@code length} characters as bytes, in one copy: the token is ASCII by now. */
  private static byte[] ascii(String token, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) token.charAt(i);
    }
    return bytes;
  }

  /** base64url characters and the two dots only: no padding, no standard-base64 '+' or '/'. */
  private static boolean isBase64Url(String token, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Both objects, or null unless each part is exactly one JSON object: the payload must begin right after the
   * space, so no header can run on into the payload, and nothing may follow the payload.
   */
  private static JsonObject[] headerAndPayload(byte[] json, int headerLength) {
    int payloadStart = headerLength + 1;
    if (headerLength == 0 || json[0] != '{' || payloadStart == json.length || json[payloadStart] != '{') {
      return null;
    }
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      Map<String, Object> header = object(parser);
      if (header == null || parser.nextToken() != JsonToken.START_OBJECT
          || parser.currentTokenLocation().getByteOffset() != payloadStart) {
        return null;
      }
      Map<String, Object> payload = object(parser);
      if (payload == null || parser.nextToken() != null) {
        return null;
      }
      return new JsonObject[] {new JsonObject(header), new JsonObject(payload)};
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The tree Vert.x's JacksonCodec builds (LinkedHashMap, ArrayList, String, Number, Boolean, null), or null when
   * one object names a member twice: two objects with one name twice could be read differently by two readers.
   */
  private static Map<String, Object> object(JsonParser parser) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      parser.nextToken();
      int size = object.size();
      object.put(name, value(parser));
      if (object.size() == size) {
        return null;
      }
    }
    return object;
  }

  private static Object value(JsonParser parser) throws IOException {
    switch (parser.currentTokenId()) {
      case JsonTokenId.ID_START_OBJECT:
        Map<String, Object> object = object(parser);
        if (object == null) {
          throw new JsonParseException(parser, "repeated member name");
        }
        return object;
      case JsonTokenId.ID_START_ARRAY:
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      case JsonTokenId.ID_STRING:
        return parser.getText();
      case JsonTokenId.ID_NUMBER_INT, JsonTokenId.ID_NUMBER_FLOAT:
        return parser.getNumberValue();
      case JsonTokenId.ID_TRUE:
        return Boolean.TRUE;
      case JsonTokenId.ID_FALSE:
        return Boolean.FALSE;
      case JsonTokenId.ID_NULL:
        return null;
      default:
        throw new JsonParseException(parser, "unexpected token");
    }
  }

  public String algorithm() {
    return header.getValue("alg") instanceof String alg ? alg : null;
  }

  public String keyId() {
    return header.getValue("kid") instanceof String kid ? kid : null;
  }
}
