package authsuite.common.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Accepts a sane {@code X-Correlation-ID}, or makes one; echoes it and keeps it for every log line. */
public final class CorrelationId implements Handler<RoutingContext> {
  public static final String HEADER = "X-Correlation-ID";
  private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
  private static final String KEY = "correlation_id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void handle(RoutingContext ctx) {
    String id = accepted(ctx.request().getHeader(HEADER_NAME));
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER_NAME, id);
    ctx.next();
  }

  /** The offered id when it is sane, else a new one. */
  public static String accepted(String offered) {
    return offered != null && SANE.matcher(offered).matches() ? offered : generate();
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
    String id = ctx.get(KEY);
    if (id == null) {
      id = accepted(ctx.request().getHeader(HEADER_NAME));
      ctx.put(KEY, id);
      ctx.response().putHeader(HEADER_NAME, id);
    }
    return id;
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id != null ? id : "none";
  }
}
