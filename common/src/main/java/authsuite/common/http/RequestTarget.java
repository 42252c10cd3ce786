package authsuite.common.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose path or query has a malformed percent-escape ({@code %zz}, a trailing {@code %2}),
 * before any route decodes them: the query is decoded here once (Vert.x keeps the result for every later
 * {@code params()} and {@code getParam}), so no handler, raw routes included, meets a decoding exception.
 * See docs/robustness.md, "malformed request targets".
 */
public final class RequestTarget implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = problem(ctx);
    if (problem != null) {
      ctx.fail(problem);
      return;
    }
    ctx.next();
  }

  /** The problem with the request's path or query, or null when both decode. */
  static Problem problem(RoutingContext ctx) {
    try {
      ctx.normalizedPath();
    } catch (IllegalArgumentException malformed) {
      return Problem.badRequest("malformed_path", "the path has a malformed percent-escape");
    }
    if (ctx.request().query() == null) {
      return null;  // nothing to decode: params() would build an empty map for every plain request
    }
    try {
      ctx.request().params();
    } catch (IllegalArgumentException malformed) {
      return Problem.badRequest("malformed_query", "the query string has a malformed percent-escape");
    }
    return null;
  }
}
