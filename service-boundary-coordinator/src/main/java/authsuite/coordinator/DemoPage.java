package authsuite.coordinator;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web client's demo page under /demo/: clients/web/demo with the library's compiled dist/ as
 * lib/, copied into webroot/demo on the classpath at build time (this module's pom). It talks to
 * the other services' addresses from the integration report, so they need CORS_ALLOWED_ORIGINS.
 */
final class DemoPage {
  static final String PATH = "/demo/";
  private static final String CSP = "default-src 'self'; style-src 'self'; script-src 'self'; "
      + "connect-src 'self' http: https: ws: wss:";

  private DemoPage() {
  }

  static void mount(Router router) {
    router.getWithRegex("/demo").handler(ctx -> ctx.redirect(PATH));
    router.get(PATH + "*")
        .handler(DemoPage::securityHeaders)
        .handler(StaticHandler.create("webroot/demo").setCachingEnabled(false).setDirectoryListing(false));
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", CSP);
    ctx.next();
  }
}
