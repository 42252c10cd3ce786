package authsuite.common.telemetry;

import authsuite.common.http.CorrelationId;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one tracer of a Vert.x instance that runs up to five services: each call goes to the OpenTelemetry SDK of the
 * service whose deployment the Vert.x context belongs to ({@link RequestContext#service}), so each service's spans
 * carry its own {@code service.name}. A context of no service (the launcher's health polls, a development stand-in)
 * is not traced. The operation returned remembers which SDK started it, so that its end goes to the same one.
 *
 * <p>Every outbound HTTP request also gets the {@code X-Correlation-ID} of the request it is made for, unless the
 * caller set one.
 */
public final class SuiteTracer implements VertxTracer<SuiteTracer.Traced, SuiteTracer.Traced> {
  /** An operation of one service's SDK. */
  record Traced(VertxTracer<Object, Object> tracer, Object operation) {
  }

  private static final long SHUTDOWN_TIMEOUT_S = 10;
  private static final String TRACEPARENT = "traceparent";

  private final Map<String, ServiceTelemetry> services;

  SuiteTracer(Collection<ServiceTelemetry> services) {
    this.services = services.stream().collect(Collectors.toUnmodifiableMap(ServiceTelemetry::serviceName, Function.identity()));
  }

  /** The tracer of {@code context}'s service when tracing is on, else null: spans of our own start from here. */
  public static Tracer tracerFor(Context context) {
    ServiceTelemetry service = telemetryFor(context);
    return service == null ? null : service.tracer();
  }

  static ServiceTelemetry telemetryFor(Context context) {
    if (context == null || !(((ContextInternal) context).tracer() instanceof SuiteTracer suite)) {
      return null;
    }
    return suite.serviceOf(context);
  }

  @Override
  public <R> Traced receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
                                   Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    ServiceTelemetry service = serviceOf(context);
    if (service == null || untracedPoll(request)) {
      return null;
    }
    return traced(service, service.vertx().receiveRequest(context, kind, policy, request, operation, withQueryTraceparent(request, headers),
        SafeTags.of(tagExtractor)));
  }

  @Override
  public <R> void sendResponse(Context context, R response, Traced payload, Throwable failure, TagExtractor<R> tagExtractor) {
    if (payload != null) {
      payload.tracer().sendResponse(context, response, payload.operation(), failure, tagExtractor);
    }
  }

  @Override
  public <R> Traced sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
                                BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    if (request instanceof HttpRequest http && headers != null) {
      passCorrelationId(context, http, headers);
    }
    ServiceTelemetry service = serviceOf(context);
    if (service == null) {
      return null;
    }
    return traced(service, service.vertx().sendRequest(context, kind, policy, request, operation, headers, SafeTags.of(tagExtractor)));
  }

  @Override
  public <R> void receiveResponse(Context context, R response, Traced payload, Throwable failure, TagExtractor<R> tagExtractor) {
    if (payload != null) {
      payload.tracer().receiveResponse(context, response, payload.operation(), failure, tagExtractor);
    }
  }

  /**
   * Called by Vert.x as it closes (after its event loops stopped, on a thread of their shutdown, never an event loop):
   * each SDK exports what its batch processor still holds, within a bound.
   */
  @Override
  public void close() {
    CompletableResultCode.ofAll(services.values().stream().map(ServiceTelemetry::shutdown).toList())
        .join(SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS);
  }

  private ServiceTelemetry serviceOf(Context context) {
    String name = RequestContext.service(context);
    return name == null ? null : services.get(name);
  }

  /**
   * Health and metrics polls that are part of no trace (kubelet probes, load balancers, Prometheus scrapes) would each
   * start a trace of their own, every few seconds per service; a coordinator probe carries its round's traceparent.
   */
  private static <R> boolean untracedPoll(R request) {
    if (!(request instanceof HttpServerRequest http) || http.getHeader(TRACEPARENT) != null) {
      return false;
    }
    String path = http.path();
    return path != null && (path.startsWith("/health") || path.equals("/metrics"));
  }

  /**
   * A browser cannot put headers on a WebSocket upgrade, so the web client sends its {@code traceparent} as a query
   * parameter there; a header, when present, wins.
   */
  private static <R> Iterable<Map.Entry<String, String>> withQueryTraceparent(R request, Iterable<Map.Entry<String, String>> headers) {
    if (!(request instanceof HttpServerRequest http) || http.query() == null || !http.query().contains(TRACEPARENT + "=")
        || http.getHeader(TRACEPARENT) != null) {
      return headers;
    }
    String fromQuery = http.getParam(TRACEPARENT);
    if (fromQuery == null) {
      return headers;
    }
    List<Map.Entry<String, String>> withIt = new ArrayList<>();
    headers.forEach(withIt::add);
    withIt.add(Map.entry(TRACEPARENT, fromQuery));
    return withIt;
  }

  private static Traced traced(ServiceTelemetry service, Object operation) {
    return operation == null ? null : new Traced(service.vertx(), operation);
  }

  private static void passCorrelationId(Context context, HttpRequest request, BiConsumer<String, String> headers) {
    String id = RequestContext.correlationId(context);
    if (id != null && !request.headers().contains(CorrelationId.HEADER)) {
      headers.accept(CorrelationId.HEADER, id);
    }
  }
}
