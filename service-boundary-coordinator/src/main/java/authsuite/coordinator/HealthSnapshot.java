package authsuite.coordinator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One probe round's integration report, encoded once for every poll until the next round.
 * The ETag is weak and covers what matters (statuses, circuits, errors, addresses, mode), not
 * timings, so pollers get a 304 while nothing changed even though latencies move each round.
 */
record HealthSnapshot(JsonObject report, Buffer body, String etag, CharSequence etagHeader) {

  static HealthSnapshot of(JsonObject report, String fingerprint) {
    String etag = "W/\"" + digest(fingerprint) + "\"";
    return new HealthSnapshot(report, Buffer.buffer(report.encode()), etag, HttpHeaders.createOptimized(etag));
  }

  /** Does an If-None-Match header name this snapshot? ({@code *} or a list of tags, weak or not.) */
  boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    String tag = etag.substring(2);
    for (String candidate : ifNoneMatch.split(",")) {
      String trimmed = candidate.trim();
      if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals(tag)) {
        return true;
      }
    }
    return false;
  }

  private static String digest(String fingerprint) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
