package authsuite.common.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * What the suite decided, as attributes of the span current on the request's context (its server span): outcomes
 * and reasons, never a token, session id or password. Each setter is a no-op when tracing is off.
 */
public final class TraceAttributes {
  public static final AttributeKey<String> TOKEN_OUTCOME = AttributeKey.stringKey("authsuite.token.outcome");
  public static final AttributeKey<String> TOKEN_REASON = AttributeKey.stringKey("authsuite.token.reason");
  public static final AttributeKey<String> SESSION_SOURCE = AttributeKey.stringKey("authsuite.session.source");
  public static final AttributeKey<String> SESSION_OUTCOME = AttributeKey.stringKey("authsuite.session.outcome");
  public static final AttributeKey<String> MODE = AttributeKey.stringKey("authsuite.mode");
  public static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("authsuite.circuit.state");
  public static final AttributeKey<String> PROBE_TARGET = AttributeKey.stringKey("authsuite.probe.target");
  public static final AttributeKey<String> PROBE_STATUS = AttributeKey.stringKey("authsuite.probe.status");

  private TraceAttributes() {
  }

  /** Sets {@code key} on the current span when {@code value} is not null. */
  public static void set(AttributeKey<String> key, String value) {
    if (value != null) {
      Span.current().setAttribute(key, value);
    }
  }
}
