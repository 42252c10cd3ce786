package authsuite.common.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CORS for browsers on other origins (CORS_ALLOWED_ORIGINS: exact origins, comma-separated).
 * A listed origin gets vertx-web's CorsHandler answers with credentials allowed; a request naming
 * any other origin is refused with a 403 problem before it reaches a handler. Requests without an
 * Origin header (servers, curl, same-origin GETs) pass untouched, and so do same-origin requests that
 * carry one (a browser's same-origin POST, a WebSocket handshake): an Origin naming the very host and
 * port the request was sent to (its Host header, which the edge passes on) is not cross-origin. A page
 * elsewhere cannot make a browser send a false Origin, so this admits no other site.
 */
public final class CorsPolicy implements Handler<RoutingContext> {
  // traceparent/tracestate: the web client starts each request's trace (W3C Trace Context), cross-origin too
  private static final Set<String> ALLOWED_HEADERS = Set.of("Authorization", "Content-Type", "If-None-Match",
      "X-Correlation-ID", "X-Session-ID", "X-Integration-Layer", "Last-Event-ID", "traceparent", "tracestate");
  private static final Set<String> EXPOSED_HEADERS = Set.of("ETag", "Retry-After", "X-Correlation-ID", "X-Auth-Degraded");
  private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS);
  private static final int PREFLIGHT_MAX_AGE_S = 600;

  private final Set<String> origins;
  private final CorsHandler cors;

  private CorsPolicy(List<String> origins) {
    this.origins = Set.copyOf(origins);
    this.cors = CorsHandler.create()
        .addOrigins(origins)
        .allowCredentials(true)
        .allowedMethods(METHODS)
        .allowedHeaders(ALLOWED_HEADERS)
        .exposedHeaders(EXPOSED_HEADERS)
        .maxAgeSeconds(PREFLIGHT_MAX_AGE_S);
  }

  /** The policy for a CORS_ALLOWED_ORIGINS value; empty (no CORS headers at all) when none is set. */
  public static Optional<CorsPolicy> fromSetting(Optional<String> allowedOrigins) {
    List<String> origins = allowedOrigins.stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(String::trim)
        .filter(origin -> !origin.isEmpty())
        .toList();
    return origins.isEmpty() ? Optional.empty() : Optional.of(new CorsPolicy(origins));
  }

  static boolean sameOrigin(String origin, String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String authority = origin.startsWith("http://") ? origin.substring(7) : origin.startsWith("https://") ? origin.substring(8) : null;
    return authority != null && authority.equalsIgnoreCase(host) && authority.indexOf('/') < 0;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !origins.contains(origin)) {
      if (sameOrigin(origin, ctx.request().getHeader(HttpHeaders.HOST))) {
        ctx.next();
        return;
      }
      ctx.fail(Problem.forbidden("origin_not_allowed", "requests from this origin are not allowed (CORS_ALLOWED_ORIGINS)"));
      return;
    }
    cors.handle(ctx);
  }
}
