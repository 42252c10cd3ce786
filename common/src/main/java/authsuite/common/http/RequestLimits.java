package authsuite.common.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

/**
 * The request limits of docs/api.md, "Errors". The body size is enforced by the BodyHandler (413); this handler,
 * mounted after it, bounds JSON nesting before any parser recurses into a hostile body.
 */
public final class RequestLimits implements Handler<RoutingContext> {
  public static final int MAX_BODY_BYTES = 64 * 1024;
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  public static final int MAX_JSON_DEPTH = 32;

  @Override
  public void handle(RoutingContext ctx) {
    RequestBody body = ctx.body();
    if (body != null && body.length() > 0 && nestingDepth(body.buffer()) > MAX_JSON_DEPTH) {
      ctx.fail(Problem.badRequest("json_too_deep", "JSON nesting deeper than " + MAX_JSON_DEPTH + " levels"));
      return;
    }
    ctx.next();
  }

  /** Deepest bracket nesting outside string literals; a linear scan, no parsing. */
  static int nestingDepth(Buffer buffer) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0; i < buffer.length(); i++) {
      byte b = buffer.getByte(i);
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        deepest = Math.max(deepest, ++depth);
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return deepest;
  }
}
