package authsuite.common.http;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: a failure a client is meant to see. Fail a route with it
 * ({@code ctx.fail(Problem.badRequest(...))}) and the shared failure handler writes it.
 * Carries no stack trace: it is an answer, not a crash.
 */
public final class Problem extends RuntimeException {
  public static final String TYPE_BASE = "https://authsuite.dev/problems/";

  private final int status;
  private final String code;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String field;

  public Problem(int status, String code, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static Problem badRequest(String code, String detail) {
    return new Problem(400, code, detail);
  }

  public static Problem unauthorized(String code, String detail) {
    return new Problem(401, code, detail).header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }

  /** A refused credential: 401 with its reason as the code ({@code the token is not valid: token_expired}). */
  public static Problem notValid(String credential, String reason) {
    return unauthorized(reason, "the " + credential + " is not valid: " + reason);
  }

  public static Problem forbidden(String code, String detail) {
    return new Problem(403, code, detail);
  }

  public static Problem notFound(String code, String detail) {
    return new Problem(404, code, detail);
  }

  public static Problem unavailable(String code, String detail, int retryAfterSeconds) {
    return new Problem(503, code, detail).header("Retry-After", String.valueOf(retryAfterSeconds));
  }

  public static Problem tooManyRequests(String code, String detail, int retryAfterSeconds) {
    return new Problem(429, code, detail).header("Retry-After", String.valueOf(retryAfterSeconds));
  }

  public Problem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Names the request field at fault, as the problem's {@code field} member: a client can point at it. */
  public Problem field(String name) {
    this.field = name;
    return this;
  }

  public String field() {
    return field;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  /** "token_expired" reads as "Token expired". */
  public String title() {
    String words = code.replace('_', ' ');
    return words.isEmpty() ? "Error" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  public JsonObject toJson(String correlationId) {
    JsonObject json = new JsonObject()
        .put("type", TYPE_BASE + code)
        .put("title", title())
        .put("status", status)
        .put("detail", detail())
        .put("code", code);
    if (field != null) {
      json.put("field", field);
    }
    return json.put("correlation_id", correlationId);
  }
}
