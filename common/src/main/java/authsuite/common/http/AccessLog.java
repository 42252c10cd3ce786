package authsuite.common.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One JSON line per request once its response is written, and a response counter by status.
 * Logs the path without its query string: query strings may carry tickets or tokens.
 */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("authsuite.access");
  private static final int MAX_LOGGED_PATH = 256;
  private static final double SLOW_MS = 1_000;
  private static final Pattern TOKEN_LIKE = Pattern.compile("eyJ[A-Za-z0-9_=-]*(\\.[A-Za-z0-9_=-]*)*");

  private final String service;
  private final MeterRegistry metrics;
  private final Map<Integer, Counter> responsesByStatus = new ConcurrentHashMap<>();

  public AccessLog(String service, MeterRegistry metrics) {
    this.service = service;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long startedNanos = System.nanoTime();
    ctx.addEndHandler(done -> record(ctx, startedNanos));
    ctx.next();
  }

  /** Paths are ours except on unknown routes, where a caller may put anything, a token included. */
  static String loggablePath(String path) {
    if (path == null) {
      return "";
    }
    if (path.length() > MAX_LOGGED_PATH) {
      path = path.substring(0, MAX_LOGGED_PATH) + "...";
    }
    return path.contains("eyJ") ? TOKEN_LIKE.matcher(path).replaceAll("[REDACTED]") : path;
  }

  private Counter responseCounter(int status) {
    return Counter.builder("authsuite_http_responses")
        .description("HTTP responses by service and status")
        .tag("service", service)
        .tag("status", String.valueOf(status))
        .register(metrics);
  }

  private void record(RoutingContext ctx, long startedNanos) {
    int status = ctx.response().getStatusCode();
    double millis = (System.nanoTime() - startedNanos) / 1_000_000.0;
    responsesByStatus.computeIfAbsent(status, this::responseCounter).increment();
    // Every request is counted; the log keeps what someone will look for: failures and slow answers.
    // At DEBUG it writes every request (each line costs about as much as answering an HS256 validate).
    boolean notable = status >= 400 || millis >= SLOW_MS;
    if (notable ? !LOG.isInfoEnabled() : !LOG.isDebugEnabled()) {
      return;
    }
    Object[] fields = {ctx.request().method(), loggablePath(ctx.request().path()), status,
        kv("service", service),
        kv("status", status), kv("duration_ms", Math.round(millis * 100) / 100.0)};
    if (notable) {
      LOG.info("{} {} {}", fields);
    } else {
      LOG.debug("{} {} {}", fields);
    }
  }
}
