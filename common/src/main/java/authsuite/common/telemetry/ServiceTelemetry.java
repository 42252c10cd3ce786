package authsuite.common.telemetry;

import authsuite.common.Version;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.Map;

/**
 * One service's OpenTelemetry SDK, configured by the {@code OTEL_*} variables: its own tracer provider, batch
 * processor and exporter, and a Resource naming the service, so that five services in one JVM are five services in the
 * trace backend. {@code vertx} is vertx-opentelemetry's tracer on that SDK, to which {@link SuiteTracer} hands the
 * calls of this service's contexts.
 */
record ServiceTelemetry(String serviceName, OpenTelemetrySdk sdk, VertxTracer<Object, Object> vertx, Tracer tracer) {
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SERVICE_NAMESPACE = AttributeKey.stringKey("service.namespace");
  static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
  static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");
  /** What the SDK names a service nobody named (no OTEL_SERVICE_NAME, no service.name in OTEL_RESOURCE_ATTRIBUTES). */
  private static final String UNNAMED_PREFIX = "unknown_service";

  /**
   * @param keepConfiguredName whether OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) wins over the
   *                           service's own name: only when the process runs this one service
   */
  @SuppressWarnings("unchecked")
  static ServiceTelemetry build(Map<String, String> environment, String serviceName, boolean keepConfiguredName, String instanceId) {
    Map<String, String> properties = OtelEnvironment.properties(environment);
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesCustomizer(fromProcess -> properties) // the launcher's map wins over the process's own variables
        .addResourceCustomizer((resource, config) -> identify(resource, serviceName, keepConfiguredName, instanceId))
        .disableShutdownHook() // flushed when the Vert.x instance closes (SuiteTracer.close)
        .build()
        .getOpenTelemetrySdk();
    VertxTracer<Object, Object> vertx = (VertxTracer<Object, Object>) new OpenTelemetryTracingFactory(sdk).tracer(new OpenTelemetryOptions());
    return new ServiceTelemetry(serviceName, sdk, vertx, sdk.getTracer("authsuite", Version.current()));
  }

  CompletableResultCode shutdown() {
    return sdk.shutdown();
  }

  private static Resource identify(Resource configured, String serviceName, boolean keepConfiguredName, String instanceId) {
    ResourceBuilder identity = configured.toBuilder();
    String configuredName = configured.getAttribute(SERVICE_NAME);
    if (!keepConfiguredName || configuredName == null || configuredName.startsWith(UNNAMED_PREFIX)) {
      identity.put(SERVICE_NAME, serviceName);
    }
    putIfAbsent(identity, configured, SERVICE_NAMESPACE, "authsuite");
    putIfAbsent(identity, configured, SERVICE_VERSION, Version.current());
    putIfAbsent(identity, configured, SERVICE_INSTANCE_ID, instanceId);
    return identity.build();
  }

  private static void putIfAbsent(ResourceBuilder identity, Resource configured, AttributeKey<String> key, String value) {
    if (configured.getAttribute(key) == null) {
      identity.put(key, value);
    }
  }
}
