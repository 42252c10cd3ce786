package authsuite.fallback;

import authsuite.common.config.Redacted;
import authsuite.common.metrics.ProbeTimers;
import authsuite.common.telemetry.Spans;
import authsuite.common.telemetry.TraceAttributes;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * This instance's own view of the primary auth service: {@code GET PRIMARY_AUTH_URL + FALLBACK_PROBE_PATH}
 * every FALLBACK_PROBE_INTERVAL_MS; down after FALLBACK_PROBE_FAILURES probes in a row that could not
 * connect, timed out or got a 5xx, up again after one good answer. Without PRIMARY_AUTH_URL it never
 * says down: no probe opens nothing.
 */
final class PrimaryAuthProbe {
  private static final Logger LOG = LoggerFactory.getLogger(PrimaryAuthProbe.class);
  /** The probe's target label, as the coordinator names the same dependency. */
  static final String PRIMARY_AUTH = "primary_auth";

  private final Vertx vertx;
  private final String url;
  /** The URL as status and logs show it: PRIMARY_AUTH_URL may carry basic-auth credentials. */
  private final String shownUrl;
  private final long intervalMs;
  private final int failuresToDown;
  private final HttpClientAgent client;
  private final ProbeTimers timers;
  private volatile int failures;
  private volatile boolean down;
  private volatile Instant lastOk;
  private volatile String lastError;
  private long timer = -1;
  private boolean closed;

  PrimaryAuthProbe(Vertx vertx, FallbackSettings settings, ProbeTimers timers) {
    this.vertx = vertx;
    this.timers = timers;
    this.url = settings.primaryAuthUrl().map(base -> stripSlash(base) + settings.probePath()).orElse(null);
    this.shownUrl = Redacted.url(url);
    this.intervalMs = settings.probeInterval().toMillis();
    this.failuresToDown = settings.probeFailures();
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) Math.min(intervalMs, 2_000))
        .setKeepAlive(false));
  }

  void start() {
    if (url != null) {
      probe();
    }
  }

  boolean primaryDown() {
    return down;
  }

  JsonObject status() {
    return new JsonObject().put("url", shownUrl).put("down", down).put("consecutive_failures", failures)
        .put("last_ok", lastOk == null ? null : lastOk.toString()).put("error", lastError);
  }

  void close() {
    closed = true;
    vertx.cancelTimer(timer);
    client.close();
  }

  /** Each probe is a trace of its own (a root span, the GET its child), so that it reaches the primary's traces too. */
  private void probe() {
    Spans.root(vertx.getOrCreateContext(), "primary auth probe", this::askAndRecord).onComplete(done -> {
      if (!closed) {
        timer = vertx.setTimer(intervalMs, tick -> probe());
      }
    });
  }

  private Future<Integer> askAndRecord(Span span) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setTimeout(Math.min(intervalMs, 2_000));
    long started = System.nanoTime();
    return client.request(request)
        .compose(r -> r.send())
        .compose(response -> response.body().map(response.statusCode()))
        .andThen(done -> {
          boolean ok = done.succeeded() && done.result() < 500;
          timers.record(PRIMARY_AUTH, ok, System.nanoTime() - started);
          if (ok) {
            recordOk();
          } else {
            recordFailure(done.succeeded() ? "HTTP " + done.result() : String.valueOf(done.cause().getMessage()));
          }
          span.setAttribute(TraceAttributes.PROBE_STATUS, ok ? "healthy" : "unhealthy");
          span.setAttribute(TraceAttributes.MODE, down ? "primary_down" : "primary_up");
        });
  }

  private void recordOk() {
    if (down) {
      LOG.info("primary auth service answers again", kv("url", shownUrl));
    }
    failures = 0;
    down = false;
    lastOk = Instant.now();
    lastError = null;
  }

  private void recordFailure(String error) {
    failures++;
    lastError = Redacted.text(error);
    if (!down && failures >= failuresToDown) {
      down = true;
      LOG.warn("primary auth service unreachable; emergency sign-in opens", kv("url", shownUrl), kv("error", lastError));
    }
  }

  private static String stripSlash(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
