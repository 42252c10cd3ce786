package authsuite.coordinator;

import authsuite.common.platform.ServiceRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What browsers hit: the integration report (from the last round's pre-encoded snapshot, with
 * ETag and max-age), its event stream, and the status page. Mounted ahead of the OpenAPI router:
 * the report is the hottest path, and neither a stream nor a page is something the router describes.
 */
final class IntegrationRoutes {
  static final String INTEGRATION = "/api/v1/health/integration";
  static final String STREAM = INTEGRATION + "/stream";
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final List<StaticFile> PAGE_FILES = List.of(
      new StaticFile("/", "webroot/index.html", "text/html; charset=utf-8"),
      new StaticFile("/status.css", "webroot/status.css", "text/css; charset=utf-8"),
      new StaticFile("/status.js", "webroot/status.js", "text/javascript; charset=utf-8"));

  private final ProbeLoop loop;
  private final SnapshotStream stream;
  private final CharSequence cacheControl;
  private final Map<String, Buffer> page;

  private IntegrationRoutes(ProbeLoop loop, SnapshotStream stream, CoordinatorSettings settings, Map<String, Buffer> page) {
    this.loop = loop;
    this.stream = stream;
    this.cacheControl = HttpHeaders.createOptimized("max-age=" + settings.maxAgeSeconds());
    this.page = page;
  }

  /** Reads the page's files once, at start. */
  static Future<IntegrationRoutes> create(Vertx vertx, ProbeLoop loop, SnapshotStream stream, CoordinatorSettings settings) {
    List<Future<Buffer>> reads = PAGE_FILES.stream().map(file -> vertx.fileSystem().readFile(file.resource())).toList();
    return Future.all(reads).map(all -> new IntegrationRoutes(loop, stream, settings,
        PAGE_FILES.stream().collect(Collectors.toMap(StaticFile::path, file -> reads.get(PAGE_FILES.indexOf(file)).result()))));
  }

  void mount(Router router) {
    router.get(INTEGRATION).handler(this::integration);
    ServiceRouter.getOnly(router.get(STREAM)).handler(ctx -> stream.connect(ctx, loop::snapshot));
    PAGE_FILES.forEach(file -> router.get(file.path()).handler(ctx -> servePage(ctx, file)));
  }

  void integration(RoutingContext ctx) {
    HealthSnapshot snapshot = loop.snapshot();
    var response = ctx.response()
        .putHeader(HttpHeaders.ETAG, snapshot.etagHeader())
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    if (snapshot.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(snapshot.body());
  }

  private void servePage(RoutingContext ctx, StaticFile file) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'")
        .end(page.get(file.path()));
  }

  private record StaticFile(String path, String resource, String contentType) {
  }
}
