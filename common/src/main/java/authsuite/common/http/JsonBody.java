package authsuite.common.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.Handler;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
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
        ctx.fail(malformed());
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

  /** 400 {@code malformed_json}: the one code for a body that is not well-formed JSON (docs/api.md, "Errors"). */
  public static Problem malformed() {
    return Problem.badRequest("malformed_json", "the request body is not valid JSON (or repeats a key)");
  }

  /** 400 {@code malformed_json} for well-formed JSON that is not the object an operation reads. */
  public static Problem notAnObject() {
    return Problem.badRequest("malformed_json", "the request body is not a JSON object");
  }

  /** 400 {@code json_too_deep}: nesting past {@link RequestLimits#MAX_JSON_DEPTH}. */
  public static Problem tooDeep() {
    return Problem.badRequest("json_too_deep", "JSON nesting deeper than " + RequestLimits.MAX_JSON_DEPTH + " levels");
  }

  /**
   * The one strict reader configuration: nesting bounded at {@link RequestLimits#MAX_JSON_DEPTH} (the parser
   * throws {@link StreamConstraintsException} past it, before recursing) and a repeated member name refused.
   */
  public static JsonParser strictParser(byte[] body) throws IOException {
    return STRICT.createParser(body);
  }

  /** {@link #strictParser(byte[])} over the buffer's own bytes when it has an array, without copying them out. */
  public static JsonParser strictParser(Buffer body) throws IOException {
    ByteBuf bytes = body instanceof BufferInternal internal ? internal.getByteBuf() : null;
    if (bytes == null || !bytes.hasArray()) {
      return STRICT.createParser(body.getBytes());
    }
    return STRICT.createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
  }

  /**
   * The request's JSON object body, for every handler that reads one: an absent body reads as empty; a body
   * of another media type is 415, anything that is not a JSON object (JSON {@code null} included) 400
   * {@code malformed_json}.
   * The type check repeats {@link #guard()} for routes mounted ahead of the API router.
   */
  public static JsonObject of(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return new JsonObject();
    }
    if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      throw unsupportedMediaType();
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException notAnObject) {
      throw notAnObject();
    }
    if (body == null) {
      throw notAnObject();
    }
    return body;
  }

  /** Whether the body nests deeper than the limit: a streaming pass that builds nothing; other faults are the guard's. */
  static boolean tooDeep(Buffer body) {
    try (JsonParser parser = strictParser(body.getBytes())) {
      while (parser.nextToken() != null) {
        // the parser counts the nesting
      }
      return false;
    } catch (StreamConstraintsException deep) {
      return true;
    } catch (IOException malformed) {
      return false;
    }
  }

  /** One JSON value and nothing after it, without building it: a streaming pass. */
  private static boolean wellFormed(Buffer body) {
    try (JsonParser parser = strictParser(body.getBytes())) {
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
