package authsuite.common.telemetry;

import io.vertx.core.VertxBuilder;
import io.vertx.core.spi.VertxTracerFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Tracing of a launcher process, decided once before its Vert.x instance is built (a tracer can only be given to a
 * Vert.x at build time): with an OTLP endpoint in the environment, one {@link SuiteTracer} over one SDK per service
 * the process runs; without one, nothing is built and Vert.x runs with no tracer at all.
 */
public final class SuiteTracing {
  private SuiteTracing() {
  }

  /**
   * The tracer for {@code serviceNames}, or empty when tracing is off. OTEL_SERVICE_NAME names the service only when
   * the process runs exactly one; with several, each keeps its own name (one name for five would merge them).
   */
  public static Optional<SuiteTracer> fromEnvironment(Map<String, String> environment, Collection<String> serviceNames) {
    if (!OtelEnvironment.tracingEnabled(environment) || serviceNames.isEmpty()) {
      return Optional.empty();
    }
    boolean alone = serviceNames.size() == 1;
    String instanceId = UUID.randomUUID().toString(); // one per process: names differ, so five services may share it
    List<ServiceTelemetry> services = serviceNames.stream()
        .map(name -> ServiceTelemetry.build(environment, name, alone, instanceId))
        .toList();
    return Optional.of(new SuiteTracer(services));
  }

  /** {@code builder} with the tracer when tracing is on; untouched (no tracer, no cost) when off. */
  public static VertxBuilder install(VertxBuilder builder, Map<String, String> environment, Collection<String> serviceNames) {
    return fromEnvironment(environment, serviceNames)
        .map(tracer -> builder.withTracer((VertxTracerFactory) options -> tracer))
        .orElse(builder);
  }
}
