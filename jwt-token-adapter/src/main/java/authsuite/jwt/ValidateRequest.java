package authsuite.jwt;

import authsuite.common.http.BearerToken;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The body of {@code POST /api/v1/jwt/validate}, checked by hand to the contract's rules: an
 * optional JSON object with a string {@code token} (else the bearer header), a string
 * {@code audience} and at most 50 string {@code required_roles}. Read with a streaming parser in
 * one pass: no tree is built for the three fields we want, nesting is bounded by the parser
 * itself, and a repeated field is refused (two {@code token}s could mean one thing to a proxy and
 * another to us).
 */
record ValidateRequest(String token, String audience, List<String> requiredRoles) {
  private static final int MAX_ROLES = 50;
  private static final String STRINGS_RULE = "token and audience must be strings";
  private static final byte[] COMPACT_PREFIX = "{\"token\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COMPACT_SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);
  private static final String ROLES_RULE = "required_roles must be at most " + MAX_ROLES + " strings";

  static Future<ValidateRequest> from(RoutingContext ctx) {
    return from(ctx.body() == null ? null : ctx.body().buffer(), ctx.request().getHeader(HttpHeaders.CONTENT_TYPE),
        () -> BearerToken.of(ctx));
  }

  /** @param bearer the Authorization header's token, asked for only when the body names none */
  static Future<ValidateRequest> from(Buffer body, String contentType, Supplier<String> bearer) {
    if (body == null || body.length() == 0) {
      return Future.succeededFuture(new ValidateRequest(bearer.get(), null, List.of()));
    }
    if (!JsonBody.isJson(contentType)) {
      return Future.failedFuture(JsonBody.unsupportedMediaType());
    }
    String token = compactToken(body);
    if (token != null) {
      return Future.succeededFuture(new ValidateRequest(token, null, List.of()));
    }
    try (JsonParser parser = JsonBody.strictParser(body)) {
      return Future.succeededFuture(read(parser, bearer));
    } catch (StreamConstraintsException e) {
      return Future.failedFuture(JsonBody.tooDeep());
    } catch (InvalidField e) {
      return Future.failedFuture(Problem.badRequest("invalid_request", e.getMessage()));
    } catch (IOException e) {
      // not well-formed, a repeated member, or well-formed but not one object
      return Future.failedFuture(JsonBody.notAnObject());
    }
  }

  /**
   * The token of a body that is exactly {@code {"token":"<base64url and dots>"}}, as JSON.stringify and most clients
   * write it; null for any other body, which the parser reads. Such a body is one object with one string member
   * that needs no unescaping, so this reads what the parser would, without the parser (~0.6 KB a request).
   */
  private static String compactToken(Buffer body) {
    int end = body.length() - COMPACT_SUFFIX.length;
    if (end < COMPACT_PREFIX.length || !at(body, 0, COMPACT_PREFIX) || !at(body, end, COMPACT_SUFFIX)) {
      return null;
    }
    for (int i = COMPACT_PREFIX.length; i < end; i++) {
      byte c = body.getByte(i);
      boolean tokenChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.';
      if (!tokenChar) {
        return null;
      }
    }
    // copied once, out of the buffer's own bytes (Buffer.getString copies them out first)
    return body instanceof BufferInternal internal
        ? internal.getByteBuf().toString(COMPACT_PREFIX.length, end - COMPACT_PREFIX.length, StandardCharsets.US_ASCII)
        : body.getString(COMPACT_PREFIX.length, end, "US-ASCII");
  }

  private static boolean at(Buffer body, int from, byte[] expected) {
    for (int i = 0; i < expected.length; i++) {
      if (body.getByte(from + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static ValidateRequest read(JsonParser parser, Supplier<String> bearer) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new NotAnObject();
    }
    String token = null;
    String audience = null;
    List<String> roles = List.of();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "token" -> token = stringOrNull(parser, value);
        case "audience" -> audience = stringOrNull(parser, value);
        case "required_roles" -> roles = roles(parser, value);
        default -> parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new NotAnObject();
    }
    return new ValidateRequest(token != null ? token : bearer.get(), audience, roles);
  }

  private static String stringOrNull(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      parser.skipChildren();
      throw new InvalidField(STRINGS_RULE);
    }
    return parser.getText();
  }

  private static List<String> roles(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (value != JsonToken.START_ARRAY) {
      parser.skipChildren();
      throw new InvalidField(ROLES_RULE);
    }
    List<String> roles = new ArrayList<>();
    for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
      if (item != JsonToken.VALUE_STRING || roles.size() == MAX_ROLES) {
        throw new InvalidField(ROLES_RULE);
      }
      roles.add(parser.getText());
    }
    return roles;
  }

  /** A well-formed JSON value that is not one object. */
  private static final class NotAnObject extends IOException {
    NotAnObject() {
      super(null, null);
    }
  }

  /** A field of the wrong type or size: 400 invalid_request, with the rule it broke. */
  private static final class InvalidField extends IOException {
    InvalidField(String rule) {
      super(rule, null);
    }
  }
}
