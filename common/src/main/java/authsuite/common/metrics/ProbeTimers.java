package authsuite.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code authsuite_probe_duration_seconds{service,target,outcome}}: a histogram with a few fixed buckets (a probe is
 * fast, slow, or at its timeout), one timer per target and outcome, made on the first probe of that pair and kept.
 * Targets are the suite's services and dependencies, outcomes {@code up} and {@code down}: a closed set.
 */
public final class ProbeTimers {
  public static final String UP = "up";
  public static final String DOWN = "down";
  private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500)};

  private final MeterRegistry registry;
  private final String service;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public ProbeTimers(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
  }

  public void record(String target, boolean up, long nanos) {
    String outcome = up ? UP : DOWN;
    timers.computeIfAbsent(target + '\n' + outcome, key -> Timer.builder("authsuite_probe_duration")
            .description("duration of health probes by target and outcome")
            .tags(SuiteMeters.SERVICE, service, "target", target, "outcome", outcome)
            .serviceLevelObjectives(BUCKETS)
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
