package authsuite.common.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;

/**
 * The request limits of docs/api.md, "Errors". The body size is enforced by the BodyHandler (413); this handler,
 * mounted after it, bounds JSON nesting before any parser recurses into a hostile body, with the one limiter
 * every reader shares (the strict parser of {@link JsonBody}, which counts nesting as it streams).
 */
public final class RequestLimits implements Handler<RoutingContext> {
  public static final int MAX_BODY_BYTES = 64 * 1024;
  public static final int MAX_HEADER_BYTES = 16 * 1024;
  public static final int MAX_JSON_DEPTH = 32;

  @Override
  public void handle(RoutingContext ctx) {
    RequestBody body = ctx.body();
    if (body != null && body.length() > 0 && JsonBody.tooDeep(body.buffer())) {
      ctx.fail(JsonBody.tooDeep());
      return;
    }
    ctx.next();
  }
}
