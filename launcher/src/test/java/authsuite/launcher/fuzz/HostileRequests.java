package authsuite.launcher.fuzz;

import authsuite.launcher.fuzz.Contract.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static authsuite.launcher.fuzz.HostileValues.JSON_VALUES;
import static authsuite.launcher.fuzz.HostileValues.WIRE_STRINGS;

/**
 * Hostile requests for one operation of a contract: every declared body property given every wrong
 * value, whole bodies that are not what they claim, every content type, every method, hostile query
 * and header values, absurd tokens wherever a credential goes, and then {@code randomCases} seeded
 * random mixtures of all of these. Same seed, same cases.
 */
final class HostileRequests {
  static final List<String> BODIES = List.of(
      "", " ", "{", "}", "[]", "null", "\"x\"", "1e308", "-0", "{\"a\":1,\"a\":2}", "{\"token\":\"a\",\"token\":\"b\"}",
      "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
      "{\"x\":\"" + "a".repeat(70_000) + "\"}", "\u00ef\u00bb\u00bf{}", "{}\u0000", "{} {}", "{}garbage",
      "{\"x\":\"" + HostileValues.INVALID_UTF8 + "\"}", "{\"x\":\"" + HostileValues.LONE_SURROGATE_BYTES + "\"}",
      "{\"x\":\"\\ud800\"}", "{\"x\":NaN}", "{\"x\":Infinity}", "{'x':1}", "{/*c*/}", "{\"x\":1,}", "{\"x\":1e999999}",
      "{\"x\":" + "9".repeat(5_000) + "}", "\u0000\u0000\u0000\u0000", HostileValues.INVALID_UTF8);
  static final List<String> CONTENT_TYPES = List.of(
      "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
      "application/json; charset=utf-16", "application/json;;;", "application/json; charset=\"utf-8\"", "application/jsonx",
      "application/problem+json", "*/*", "", "APPLICATION/JSON", "application/json, text/plain", "application/json; a",
      "application/json; charset=" + "x".repeat(3_000), "application/" + HostileValues.BIDI_BYTES);
  static final List<String> METHODS = List.of("HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "FOO", "get", "POST", "GET");
  static final List<String> PATH_SUFFIXES = List.of("/", "//", "/x", "%00", "/%2e%2e/", "/..", "?%", "?a=%zz", "?a&a&a=1&=",
      ";x=y", "%2F", "/" + "p".repeat(3_000), "?" + "q=1&".repeat(2_000));

  private final Random random;
  private final int randomCases;
  private final String accessToken = HostileValues.longLivedAccessToken();
  private final List<String> absurdTokens = HostileValues.absurdTokens();

  HostileRequests(long seed, int randomCases) {
    this.random = new Random(seed);
    this.randomCases = randomCases;
  }

  List<FuzzCase> cases(Operation op) {
    List<FuzzCase> cases = new ArrayList<>();
    for (String body : BODIES) {
      cases.add(of(op, "body", op.method(), op.path(), authFor(op, true), "application/json", body));
    }
    for (String type : CONTENT_TYPES) {
      cases.add(of(op, "content-type", op.method(), op.path(), authFor(op, true), type, baseBody(op)));
    }
    cases.add(of(op, "no content-type", op.method(), op.path(), authFor(op, true), null, baseBody(op)));
    cases.add(of(op, "two content-types", op.method(), op.path(),
        join(authFor(op, true), List.of("Content-Type: application/json")), "text/plain", baseBody(op)));
    for (Map.Entry<String, ?> property : op.bodyProperties().entrySet()) {
      for (String value : JSON_VALUES) {
        cases.add(of(op, "property " + property.getKey(), op.method(), op.path(), authFor(op, true), "application/json",
            bodyWith(op, property.getKey(), value)));
      }
      if (isCredential(property.getKey())) {
        for (String token : tokens()) {
          cases.add(of(op, "token in " + property.getKey(), op.method(), op.path(), authFor(op, true), "application/json",
              bodyWith(op, property.getKey(), "\"" + token + "\"")));
        }
      }
    }
    for (String parameter : op.queryParameters()) {
      for (String value : WIRE_STRINGS) {
        cases.add(of(op, "query " + parameter, op.method(), op.path() + "?" + parameter + "=" + value, authFor(op, true), null, null));
      }
    }
    for (String header : join(op.headerParameters(), List.of("X-Correlation-ID", "Cookie", "traceparent", "X-Forwarded-For"))) {
      for (String value : WIRE_STRINGS) {
        String line = header.equals("Cookie") ? "Cookie: session_id=" + value : header + ": " + value;
        cases.add(of(op, "header " + header, op.method(), op.path(), join(authFor(op, true), List.of(line)), jsonIfBody(op), baseBody(op)));
      }
    }
    for (String token : tokens()) {
      cases.add(of(op, "bearer", op.method(), op.path(), List.of("Authorization: Bearer " + token), jsonIfBody(op), baseBody(op)));
      cases.add(of(op, "session header", op.method(), op.path(), List.of("X-Session-ID: " + token), jsonIfBody(op), baseBody(op)));
    }
    for (String authorization : List.of("Bearer", "Bearer ", "Bearer  " + accessToken, "bearer " + accessToken, "Basic Zm9vOmJhcg==",
        "Bearer a b", "Bearer " + HostileValues.INVALID_UTF8, "Negotiate " + "a".repeat(8_000))) {
      cases.add(of(op, "authorization", op.method(), op.path(), List.of("Authorization: " + authorization), jsonIfBody(op), baseBody(op)));
    }
    cases.add(of(op, "two authorizations", op.method(), op.path(),
        List.of("Authorization: Bearer " + accessToken, "Authorization: Bearer " + FuzzCase.INTERNAL_TOKEN), jsonIfBody(op), baseBody(op)));
    cases.add(of(op, "two correlation ids", op.method(), op.path(), List.of("X-Correlation-ID: a", "X-Correlation-ID: b"), jsonIfBody(op), baseBody(op)));
    for (String method : METHODS) {
      cases.add(of(op, "method", method, op.path(), authFor(op, true), "application/json", "{}"));
    }
    for (String suffix : PATH_SUFFIXES) {
      cases.add(of(op, "path", op.method(), op.path() + suffix, authFor(op, true), jsonIfBody(op), baseBody(op)));
    }
    for (int i = 0; i < randomCases; i++) {
      cases.add(randomCase(op, i));
    }
    return cases;
  }

  private FuzzCase randomCase(Operation op, int index) {
    List<String> headers = new ArrayList<>(authFor(op, random.nextInt(4) != 0));
    if (random.nextInt(3) == 0) {
      headers.add(pick(List.of("X-Correlation-ID", "X-Session-ID", "Cookie", "If-None-Match", "Accept", "Origin", "X-Integration-Layer"))
          + ": " + pick(WIRE_STRINGS));
    }
    StringBuilder target = new StringBuilder(op.path());
    if (!op.queryParameters().isEmpty() && random.nextBoolean()) {
      target.append('?').append(pick(op.queryParameters())).append('=').append(pick(WIRE_STRINGS));
    }
    String body;
    if (random.nextInt(5) == 0) {
      body = pick(BODIES);
    } else {
      List<String> fields = new ArrayList<>();
      for (String property : op.bodyProperties().keySet()) {
        if (random.nextInt(3) != 0) {
          fields.add(quote(property) + ":" + (isCredential(property) && random.nextBoolean() ? "\"" + pick(tokens()) + "\"" : pick(JSON_VALUES)));
        }
      }
      if (random.nextInt(4) == 0) {
        fields.add(quote(pick(List.of("x", "", "__proto__", "constructor", "type", "data", "persist"))) + ":" + pick(JSON_VALUES));
      }
      body = "{" + String.join(",", fields) + "}";
    }
    String type = random.nextInt(6) == 0 ? pick(CONTENT_TYPES) : "application/json";
    String method = random.nextInt(10) == 0 ? pick(METHODS) : op.method();
    return of(op, "random #" + index, method, target.toString(), headers, type, body);
  }

  private List<String> tokens() {
    return join(join(absurdTokens, HostileValues.MALFORMED_TOKENS), List.of(accessToken));
  }

  private static boolean isCredential(String property) {
    return property.contains("token") || property.equals("session_id");
  }

  private static List<String> authFor(Operation op, boolean authenticated) {
    return op.internal() && authenticated ? List.of("Authorization: Bearer " + FuzzCase.INTERNAL_TOKEN) : List.of();
  }

  private static String jsonIfBody(Operation op) {
    return op.takesBody() ? "application/json" : null;
  }

  private static String baseBody(Operation op) {
    return op.takesBody() ? bodyWith(op, null, null) : null;
  }

  /** A body with a plausible value for each property, {@code replaced} set to {@code value}. */
  private static String bodyWith(Operation op, String replaced, String value) {
    return op.bodyProperties().entrySet().stream()
        .map(property -> quote(property.getKey()) + ":" + (property.getKey().equals(replaced) ? value : plausible(property.getValue())))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String plausible(io.vertx.core.json.JsonObject schema) {
    if (schema.containsKey("enum")) {
      Object first = schema.getJsonArray("enum").getValue(0);
      return first == null ? "null" : "\"" + first + "\"";
    }
    Object type = schema.getValue("type");
    String name = type instanceof io.vertx.core.json.JsonArray types ? types.getString(0) : String.valueOf(type);
    return switch (name) {
      case "integer", "number" -> "60";
      case "boolean" -> "false";
      case "array" -> "[]";
      case "object" -> "{}";
      default -> "\"fuzz\"";
    };
  }

  static FuzzCase of(Operation op, String label, String method, String target, List<String> headers, String contentType, String body) {
    StringBuilder wire = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    headers.forEach(header -> wire.append(header).append("\r\n"));
    if (contentType != null) {
      wire.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null) {
      wire.append("Content-Length: ").append(body.length()).append("\r\n");
    }
    wire.append("\r\n");
    if (body != null) {
      wire.append(body);
    }
    return new FuzzCase(op.service(), op.id() + ": " + label, wire.toString());
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private static String quote(String name) {
    return "\"" + name + "\"";
  }

  private static <T> List<T> join(List<T> a, List<T> b) {
    List<T> joined = new ArrayList<>(a);
    joined.addAll(b);
    return joined;
  }
}
