package authsuite.common.http;

import authsuite.common.telemetry.RequestContext;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Accepts a sane {@code X-Correlation-ID}, or makes one; echoes it and keeps it for every log line the request causes. */
public final class CorrelationId implements Handler<RoutingContext> {
  public static final String HEADER = "X-Correlation-ID";
  private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void handle(RoutingContext ctx) {
    keep(ctx, accepted(ctx.request().getHeader(HEADER_NAME)));
    ctx.next();
  }

  /** The offered id when it is sane, else a new one. */
  public static String accepted(String offered) {
    String sane = acceptedOrNull(offered);
    return sane != null ? sane : generate();
  }

  /** The offered id when it is sane, else null. */
  public static String acceptedOrNull(String offered) {
    return offered != null && SANE.matcher(offered).matches() ? offered : null;
  }

  /** Ids only need to be unique, not unguessable: no SecureRandom (and its lock) on every request. */
  private static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /**
   * The request's id, made (and echoed) now if routing failed before this handler ran, as it does for a
   * request without a usable Host: every answer carries one.
   */
  public static String ensure(RoutingContext ctx) {
    String id = kept(ctx);
    if (id == null) {
      id = accepted(ctx.request().getHeader(HEADER_NAME));
      keep(ctx, id);
    }
    return id;
  }

  /**
   * On its answer, and its Vert.x context, where every log line the request causes finds it. The echoed header is
   * where the request keeps it: the routing context's data map would be built for it on every request.
   */
  private static void keep(RoutingContext ctx, String id) {
    ctx.response().putHeader(HEADER_NAME, id);
    RequestContext.attach(Vertx.currentContext(), id);
  }

  public static String of(RoutingContext ctx) {
    String id = kept(ctx);
    return id != null ? id : "none";
  }

  private static String kept(RoutingContext ctx) {
    return ctx.response().headers().get(HEADER_NAME);
  }
}
