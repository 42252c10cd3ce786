package authsuite.common.telemetry;

import authsuite.common.config.Redacted;
import authsuite.common.http.CorrelationId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider.VertxContextStorage;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Spans of work that is not an HTTP request (a probe round, one probe): the work runs on a fresh duplicated context
 * that holds its span as the current one, so that every client call it makes (HTTP, Redis, PostgreSQL) is a child of
 * it, and concurrent siblings do not see each other's span. With tracing off the work runs as it is, at no cost.
 */
public final class Spans {
  private static final TextMapSetter<BiConsumer<String, String>> HEADER_SETTER = (headers, name, value) -> headers.accept(name, value);

  private Spans() {
  }

  /** {@code work} as the root span of a new trace. */
  public static <T> Future<T> root(Context caller, String name, Function<Span, Future<T>> work) {
    return run(caller, name, io.opentelemetry.context.Context.root(), work);
  }

  /** {@code work} as a child of {@code parent} (concurrent children each get a context of their own). */
  public static <T> Future<T> child(Context caller, Span parent, String name, Function<Span, Future<T>> work) {
    return run(caller, name, io.opentelemetry.context.Context.root().with(parent), work);
  }

  /**
   * An outbound call Vert.x does not trace itself (a WebSocket handshake): a client span, child of the current one,
   * whose {@code traceparent} goes out in {@code headers}, as the request's {@code X-Correlation-ID} does (one header
   * per connection: sent with tracing off too).
   */
  public static <T> Future<T> outbound(Context caller, String name, BiConsumer<String, String> headers, Supplier<Future<T>> call) {
    String correlationId = RequestContext.correlationId(caller);
    if (correlationId != null) {
      headers.accept(CorrelationId.HEADER, correlationId);
    }
    ServiceTelemetry service = SuiteTracer.telemetryFor(caller);
    if (service == null) {
      return safely(call);
    }
    io.opentelemetry.context.Context parent = io.opentelemetry.context.Context.current();
    Span span = service.tracer().spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CLIENT).startSpan();
    service.sdk().getPropagators().getTextMapPropagator().inject(parent.with(span), headers, HEADER_SETTER);
    return safely(call).andThen(outcome -> end(span, outcome.cause()));
  }

  private static <T> Future<T> run(Context caller, String name, io.opentelemetry.context.Context parent, Function<Span, Future<T>> work) {
    Tracer tracer = SuiteTracer.tracerFor(caller);
    if (tracer == null) { // tracing off, or a context of no service
      return safely(() -> work.apply(Span.getInvalid()));
    }
    Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
    ContextInternal fork = RequestContext.forked(caller, RequestContext.correlationId(caller));
    VertxContextStorage.INSTANCE.attach(fork, parent.with(span));
    Promise<T> done = fork.promise();
    fork.emit(null, ignored -> safely(() -> work.apply(span)).onComplete(done));
    return done.future().onComplete(outcome -> end(span, outcome.cause()));
  }

  /** The call's future; a call that throws is a failed future, as the callers' own code expects. */
  private static <T> Future<T> safely(Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void end(Span span, Throwable failure) {
    if (failure != null) {
      span.setStatus(StatusCode.ERROR, Redacted.text(String.valueOf(failure.getMessage())));
    }
    span.end();
  }
}
