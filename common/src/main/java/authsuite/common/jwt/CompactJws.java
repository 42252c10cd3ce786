package authsuite.common.jwt;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JWS in compact form, split and decoded strictly: exactly three parts, unpadded base64url
 * only, a JSON-object header of bounded size and a JSON-object payload. Anything else is
 * {@code null} from {@link #parse}: a malformed token, decided before any key is touched.
 */
public record CompactJws(JsonObject header, JsonObject payload, byte[] signingInput, byte[] signature) {
  private static final int MAX_HEADER_BYTES = 1024;
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

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
    byte[] headerBytes = decode(token, 0, first);
    if (headerBytes == null || headerBytes.length > MAX_HEADER_BYTES) {
      return null;
    }
    JsonObject header = jsonObject(headerBytes);
    byte[] payloadBytes = decode(token, first + 1, second);
    JsonObject payload = payloadBytes == null ? null : jsonObject(payloadBytes);
    byte[] signature = decode(token, second + 1, token.length());
    if (header == null || payload == null || signature == null) {
      return null;
    }
    return new CompactJws(header, payload, token.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
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

  private static byte[] decode(String token, int from, int to) {
    // a single leftover character can never be valid base64
    if ((to - from) % 4 == 1) {
      return null;
    }
    try {
      return DECODER.decode(token.substring(from, to));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonObject jsonObject(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != '{') {
      return null;
    }
    try {
      return new JsonObject(Buffer.buffer(bytes));
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  public String algorithm() {
    return header.getValue("alg") instanceof String alg ? alg : null;
  }

  public String keyId() {
    return header.getValue("kid") instanceof String kid ? kid : null;
  }
}
