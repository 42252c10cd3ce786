package authsuite.fallback;

import authsuite.common.metrics.SuiteMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit spill as an operator follows it: {@code authsuite_audit_spilled_total} (rows written to the local file
 * because PostgreSQL could not take them), {@code authsuite_audit_replayed_total} (rows of that file replayed into
 * {@code emergency_audit}, quarantined ones included: they left the file too) and {@code authsuite_audit_spill_pending}
 * (rows in the file now, waiting for a replay). A pending count that stays above zero is a spill not draining.
 */
final class AuditMeters {
  private final Counter spilled;
  private final Counter replayed;
  private final AtomicLong pending = new AtomicLong();

  AuditMeters(MeterRegistry registry, String service) {
    this.spilled = Counter.builder("authsuite_audit_spilled").description("audit rows written to the local spill file")
        .tag(SuiteMeters.SERVICE, service).register(registry);
    this.replayed = Counter.builder("authsuite_audit_replayed").description("spilled audit rows replayed out of the file")
        .tag(SuiteMeters.SERVICE, service).register(registry);
    Gauge.builder("authsuite_audit_spill_pending", pending, AtomicLong::get).description("audit rows in the spill file now")
        .tag(SuiteMeters.SERVICE, service).strongReference(true).register(registry);
  }

  /** Rows found in the file at start, left by an earlier run. */
  void found(long rows) {
    pending.addAndGet(rows);
  }

  void spilled() {
    spilled.increment();
    pending.incrementAndGet();
  }

  void replayed(long rows) {
    replayed.increment(rows);
    pending.updateAndGet(now -> Math.max(0, now - rows));
  }
}
