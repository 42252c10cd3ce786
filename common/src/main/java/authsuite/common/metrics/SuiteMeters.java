package authsuite.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Names shared by the suite's own meters. Every one carries {@code service}: in the launcher the five services share
 * one registry, and this label is what tells their series apart (docs/metrics.md).
 */
public final class SuiteMeters {
  public static final String SERVICE = "service";

  private SuiteMeters() {
  }

  /** {@code authsuite_rate_limited_total{service,limiter}}: requests refused by one of the service's limits. */
  public static Counter rateLimited(MeterRegistry registry, String service, String limiter) {
    return Counter.builder("authsuite_rate_limited")
        .description("requests refused by a rate or count limit, by limiter")
        .tags(SERVICE, service, "limiter", limiter)
        .register(registry);
  }
}
