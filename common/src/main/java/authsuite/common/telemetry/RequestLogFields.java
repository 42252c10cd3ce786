package authsuite.common.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.Objects;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts {@code correlation_id}, {@code trace_id} and {@code span_id} of the request the current code runs for on every
 * log line, whoever writes it (our code, a library): before each line is made, the thread's MDC is set from the
 * Vert.x context of that request ({@link RequestContext}, and the span vertx-opentelemetry keeps there), and cleared
 * outside one. The MDC is only the carrier from the call to the line: it is rewritten at every call, so nothing a
 * request put there can reach a line of the next request the event loop runs.
 *
 * <p>Logback calls this for every log call, enabled or not; a disabled one costs a level comparison.
 */
public final class RequestLogFields extends TurboFilter {
  public static final String CORRELATION_ID = "correlation_id";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || format == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL; // an isXxxEnabled() question, or a line that will not be written
    }
    set(CORRELATION_ID, RequestContext.correlationId());
    SpanContext span = Span.current().getSpanContext();
    boolean traced = span.isValid();
    set(TRACE_ID, traced ? span.getTraceId() : null);
    set(SPAN_ID, traced ? span.getSpanId() : null);
    return FilterReply.NEUTRAL;
  }

  /** Writes only on change: most lines of an event loop thread come from no request, and stay that way. */
  private static void set(String key, String value) {
    if (Objects.equals(MDC.get(key), value)) {
      return;
    }
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
