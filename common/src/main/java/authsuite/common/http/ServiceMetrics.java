package authsuite.common.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * The Prometheus registry {@code /metrics} serves: the one Vert.x's Micrometer metrics were set up
 * with (the launcher does; it also carries Vert.x's HTTP, pool and JVM meters), else a registry of
 * the service's own meters.
 */
public final class ServiceMetrics {
  private ServiceMetrics() {
  }

  public static PrometheusMeterRegistry registry() {
    MeterRegistry shared = BackendRegistries.getDefaultNow();
    return shared instanceof PrometheusMeterRegistry prometheus ? prometheus : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
