package authsuite.common.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Refuses a request that two readers could read two ways, before any route sees it: a header that
 * must appear once appearing twice (two {@code Authorization} headers: one component would check the
 * first, another use the last), or a body whose length cannot be told for sure (RFC 9112 6.1 and 6.3:
 * {@code Transfer-Encoding} other than a lone {@code chunked}, or beside {@code Content-Length}).
 * Answered 400, and the connection closes after a framing problem, since where the next request
 * starts is not known. The server's decoder refuses the chunked-plus-length case before it gets
 * here ({@link authsuite.common.http.impl.StrictMessageFraming}); this covers what reaches Vert.x.
 * See docs/threat-model.md, "ambiguous requests".
 */
public final class UnambiguousRequests implements Handler<RoutingContext> {
  private static final List<CharSequence> SINGLE = List.of(HttpHeaders.HOST, HttpHeaders.AUTHORIZATION,
      HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_TYPE, HttpHeaders.createOptimized("X-Session-ID"));

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.request().headers();
    String transferEncoding = headers.get(HttpHeaders.TRANSFER_ENCODING);
    if (transferEncoding != null && (headers.contains(HttpHeaders.CONTENT_LENGTH) || headers.getAll(HttpHeaders.TRANSFER_ENCODING).size() > 1
        || !"chunked".equalsIgnoreCase(transferEncoding.trim()))) {
      ctx.fail(Problem.badRequest("ambiguous_framing",
              "the body's length cannot be told for sure: send Content-Length, or Transfer-Encoding: chunked alone")
          .header("Connection", "close"));
      return;
    }
    for (CharSequence name : SINGLE) {
      // contains() first: getAll() copies the values, and most of these headers are absent
      if (headers.contains(name) && headers.getAll(name).size() > 1) {
        ctx.fail(Problem.badRequest("ambiguous_request", "the request has more than one " + name + " header"));
        return;
      }
    }
    ctx.next();
  }
}
