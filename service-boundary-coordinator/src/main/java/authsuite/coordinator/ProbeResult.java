package authsuite.coordinator;

import authsuite.common.config.Redacted;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** What one probe of one target found, with the state its circuit was left in. */
record ProbeResult(ProbeTarget target, String status, double latencyMs, String circuit, Instant lastOk, String error) {
  static final String HEALTHY = "healthy";
  static final String DEGRADED = "degraded";
  static final String UNHEALTHY = "unhealthy";

  boolean up() {
    return !UNHEALTHY.equals(status);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("status", status)
        .put("url", target.url())
        .put("latency_ms", latencyMs)
        .put("circuit", circuit)
        .put("last_ok", lastOk == null ? null : lastOk.toString())
        .put("error", Redacted.text(error))
        .put("critical", target.critical());
  }

  /** What may change without anyone needing to be told: timings. */
  String fingerprint() {
    return target.key() + '|' + target.url() + '|' + status + '|' + circuit + '|' + error;
  }
}
