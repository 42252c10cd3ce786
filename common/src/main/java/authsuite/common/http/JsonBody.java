package authsuite.common.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;

/**
 * Request bodies, as every service reads them. One media type is JSON: {@code application/json},
 * with parameters allowed and a charset, if named, of UTF-8 (RFC 8259). Not a type that merely starts
 * like it ({@code application/jsonp}), nor {@code text/plain} (which a browser sends cross-origin
 * without asking), nor the {@code +json} family, which no contract of ours declares. A body of any
 * other type is 415; a body that is not well-formed JSON, or repeats a key, is 400 and reaches no
 * handler, also on operations whose body is optional or ignored. See docs/threat-model.md,
 * "request bodies".
 */
public final class JsonBody {
  public static final String MEDIA_TYPE = "application/json";
  private static final JsonFactory STRICT = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(RequestLimits.MAX_JSON_DEPTH).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private JsonBody() {
  }

  /**
   * The API router's first guard, before its BodyHandler: a request that declares a form (urlencoded
   * or multipart) is 415 at once. The BodyHandler would decode such a body as a form before any later
   * guard sees it, and a malformed escape in it, or a form declared on a GET, fails there as a 500.
   * The connection closes after the answer, since the body was never read. A platform handler, as
   * vertx-web orders handlers: it must run before the body one.
   */
  public static Handler<RoutingContext> formsRefused() {
    return (io.vertx.ext.web.handler.PlatformHandler) ctx -> {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (media.equals("application/x-www-form-urlencoded") || media.startsWith("multipart/")) {
        ctx.fail(unsupportedMediaType().header("Connection", "close"));
      } else {
        ctx.next();
      }
    };
  }

  /** The API router's guard, after its BodyHandler: a body present is JSON by type (else 415) and by content (else 400). */
  public static Handler<RoutingContext> guard() {
    return ctx -> {
      if (ctx.body() == null || ctx.body().length() <= 0) {
        ctx.next();
      } else if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
        ctx.fail(unsupportedMediaType());
      } else if (!wellFormed(ctx.body().buffer())) {
        ctx.fail(Problem.badRequest("malformed_json", "the request body is not valid JSON (or repeats a key)"));
      } else {
        ctx.next();
      }
    };
  }

  /** Whether a {@code Content-Type} names JSON as above. */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    if (semicolon < 0) {
      return contentType.trim().equalsIgnoreCase(MEDIA_TYPE);
    }
    if (!contentType.substring(0, semicolon).trim().equalsIgnoreCase(MEDIA_TYPE)) {
      return false;
    }
    for (String parameter : contentType.substring(semicolon + 1).split(";")) {
      int equals = parameter.indexOf('=');
      String name = (equals < 0 ? parameter : parameter.substring(0, equals)).trim();
      if (name.equalsIgnoreCase("charset")) {
        String value = equals < 0 ? "" : parameter.substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!value.equalsIgnoreCase("utf-8")) {
          return false;
        }
      }
    }
    return true;
  }

  public static Problem unsupportedMediaType() {
    return new Problem(415, "unsupported_media_type", "send " + MEDIA_TYPE + " (a charset, if named, of utf-8)");
  }

  /**
   * The contract has checked the shape of a body that is there; an absent or JSON-null body reads as
   * empty, and anything that is not a JSON object is 400 {@code malformed_json}.
   */
  public static JsonObject of(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return new JsonObject();
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException notAnObject) {
      throw Problem.badRequest("malformed_json", "the request body is not a JSON object");
    }
    return body == null ? new JsonObject() : body;
  }

  /** One JSON value and nothing after it, without building it: a streaming pass. */
  private static boolean wellFormed(Buffer body) {
    try (JsonParser parser = STRICT.createParser(body.getBytes())) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException malformed) {
      return false;
    }
  }
}
