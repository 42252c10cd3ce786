package authsuite.launcher;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A collector's OTLP/HTTP trace endpoint for tests: {@code POST /v1/traces} with an {@code ExportTraceServiceRequest}
 * (protobuf, gzip or not), decoded with the official classes, its spans kept in arrival order. Close it to stop it.
 */
public final class OtlpReceiver implements AutoCloseable {
  /** One received span, flattened: the resource's service.name and the span's own attributes as strings. */
  public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
                             Map<String, String> attributes) {
    JsonObject toJson() {
      return new JsonObject().put("service", service).put("trace_id", traceId).put("span_id", spanId)
          .put("parent", parentSpanId).put("name", name).put("kind", kind.name()).put("attributes", new JsonObject(new LinkedHashMap<>(attributes)));
    }
  }

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

  private OtlpReceiver(Vertx vertx) {
    this.server = vertx.createHttpServer().requestHandler(this::receive);
  }

  public static OtlpReceiver start(Vertx vertx) {
    OtlpReceiver receiver = new OtlpReceiver(vertx);
    receiver.server.listen(0, "127.0.0.1").await();
    return receiver;
  }

  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedSpan> trace(String traceId) {
    return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
  }

  /** A trace as JSON, for SuiteProbes.until and readable failures: {@code {"spans": [...]}}. */
  public JsonObject traceJson(String traceId) {
    return new JsonObject().put("spans", new JsonArray(trace(traceId).stream().map(ReceivedSpan::toJson).toList()));
  }

  private void receive(HttpServerRequest request) {
    if (!"/v1/traces".equals(request.path())) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.body().onSuccess(body -> {
      try {
        keep(ExportTraceServiceRequest.parseFrom(decoded(body, request.getHeader("Content-Encoding"))));
      } catch (InvalidProtocolBufferException e) {
        request.response().setStatusCode(400).end();
        return;
      }
      request.response().putHeader("Content-Type", "application/x-protobuf")
          .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
    });
  }

  private void keep(ExportTraceServiceRequest export) {
    for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
      String service = attributes(resourceSpans.getResource().getAttributesList()).get("service.name");
      for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.add(new ReceivedSpan(service, hex(span.getTraceId()), hex(span.getSpanId()),
              span.getParentSpanId().isEmpty() ? null : hex(span.getParentSpanId()), span.getName(), span.getKind(),
              attributes(span.getAttributesList())));
        }
      }
    }
  }

  private static byte[] decoded(Buffer body, String encoding) {
    if (!"gzip".equalsIgnoreCase(encoding)) {
      return body.getBytes();
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body.getBytes()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> attributes(List<KeyValue> keyValues) {
    Map<String, String> attributes = new LinkedHashMap<>();
    keyValues.forEach(keyValue -> attributes.put(keyValue.getKey(), text(keyValue.getValue())));
    return attributes;
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      default -> value.toString();
    };
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  @Override
  public void close() {
    server.close().await();
  }
}
