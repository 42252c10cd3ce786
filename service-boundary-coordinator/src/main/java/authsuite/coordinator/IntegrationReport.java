package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.events.ModeChange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code /api/v1/health/integration} body from one round of probe results. First, each service's
 * status as a plain string under its health key (what a frontend polling for five statuses reads);
 * then the detail: one entry per service under {@code services} (each instance under
 * {@code instances}) and one per dependency.
 */
final class IntegrationReport {
  static final String REDIS = "redis";
  static final String POSTGRES = "postgres";
  static final String PRIMARY_AUTH = "primary_auth";
  static final String NOT_CONFIGURED = "not_configured";
  static final String UNKNOWN = "unknown";
  /** What a frontend reading the top-level service keys is promised; anything else it is told as unknown. */
  private static final Set<String> FRONTEND_STATUSES = Set.of(ProbeResult.HEALTHY, ProbeResult.DEGRADED, ProbeResult.UNHEALTHY, UNKNOWN);
  /** Without these two nobody's token or session can be checked. */
  static final Set<SuiteService> CRITICAL = Set.of(SuiteService.JWT_TOKEN_ADAPTER, SuiteService.SESSION_VALIDATION_NORMALIZER);

  private IntegrationReport() {
  }

  static HealthSnapshot build(List<ProbeResult> results, ModeChange mode, Instant checkedAt) {
    Map<String, List<ProbeResult>> byGroup = results.stream().collect(Collectors.groupingBy(r -> r.target().group()));
    JsonObject services = new JsonObject();
    JsonObject report = new JsonObject();
    StringBuilder fingerprint = new StringBuilder(mode.mode()).append('|').append(mode.reason()).append('|').append(mode.forced());
    boolean criticalDown = false;
    boolean anythingOff = !ModeChange.NORMAL.equals(mode.mode());
    for (SuiteService service : SuiteService.values()) {
      List<ProbeResult> instances = byGroup.getOrDefault(service.healthKey(), List.of()).stream()
          .sorted(Comparator.comparing(r -> r.target().key())).toList();
      JsonObject entry = serviceEntry(instances, CRITICAL.contains(service));
      services.put(service.healthKey(), entry);
      String status = entry.getString("status");
      report.put(service.healthKey(), FRONTEND_STATUSES.contains(status) ? status : UNKNOWN);
      criticalDown |= CRITICAL.contains(service) && ProbeResult.UNHEALTHY.equals(status);
      anythingOff |= !ProbeResult.HEALTHY.equals(status);
      instances.forEach(r -> fingerprint.append('\n').append(r.fingerprint()));
      fingerprint.append('\n').append(service.healthKey()).append('=').append(instances.size());
    }
    JsonObject dependencies = new JsonObject();
    for (String name : List.of(REDIS, POSTGRES, PRIMARY_AUTH)) {
      List<ProbeResult> found = byGroup.getOrDefault(name, List.of());
      JsonObject entry = found.isEmpty() ? notConfigured(!POSTGRES.equals(name)) : found.get(0).toJson();
      dependencies.put(name, entry);
      anythingOff |= !found.isEmpty() && !found.get(0).up();
      found.forEach(r -> fingerprint.append('\n').append(r.fingerprint()));
    }
    String status = criticalDown ? ProbeResult.UNHEALTHY : anythingOff ? ProbeResult.DEGRADED : ProbeResult.HEALTHY;
    report
        .put("status", status)
        .put("mode", mode.mode())
        .put("mode_reason", mode.reason())
        .put("checked_at", checkedAt.toString())
        .put("services", services)
        .put("dependencies", dependencies);
    return HealthSnapshot.of(report, fingerprint.toString());
  }

  private static JsonObject serviceEntry(List<ProbeResult> instances, boolean critical) {
    if (instances.isEmpty()) {
      return new JsonObject().put("status", ProbeResult.UNHEALTHY).put("url", null).put("latency_ms", null)
          .put("circuit", null).put("last_ok", null).put("error", "no instance registered").put("critical", critical)
          .put("instances", new JsonArray());
    }
    JsonArray each = new JsonArray();
    instances.forEach(r -> each.add(r.toJson().put("instance_id", r.target().instanceId())));
    if (instances.size() == 1) {
      return instances.get(0).toJson().put("instances", each);
    }
    long healthy = instances.stream().filter(ProbeResult::up).count();
    long open = instances.stream().filter(r -> "open".equals(r.circuit())).count();
    ProbeResult best = instances.stream().filter(ProbeResult::up).findFirst().orElse(instances.get(0));
    String status = healthy == instances.size() ? worstUp(instances) : healthy > 0 ? ProbeResult.DEGRADED : ProbeResult.UNHEALTHY;
    return new JsonObject()
        .put("status", status)
        .put("url", best.target().url())
        .put("latency_ms", best.latencyMs())
        .put("circuit", aggregateCircuit(instances))
        .put("last_ok", instances.stream().map(ProbeResult::lastOk).filter(Objects::nonNull).max(Comparator.naturalOrder())
            .map(Instant::toString).orElse(null))
        .put("error", instances.stream().map(ProbeResult::error).filter(Objects::nonNull).findFirst().orElse(null))
        .put("critical", critical)
        .put("summary", healthy + " of " + instances.size() + " healthy, " + open + " of " + instances.size() + " open")
        .put("instances", each);
  }

  private static String worstUp(List<ProbeResult> instances) {
    return instances.stream().anyMatch(r -> ProbeResult.DEGRADED.equals(r.status())) ? ProbeResult.DEGRADED : ProbeResult.HEALTHY;
  }

  /** Closed while any instance's circuit lets traffic through; open only when every one is open. */
  private static String aggregateCircuit(List<ProbeResult> instances) {
    Set<String> states = instances.stream().map(ProbeResult::circuit).collect(Collectors.toSet());
    return states.contains("closed") ? "closed" : states.contains("half_open") ? "half_open" : "open";
  }

  private static JsonObject notConfigured(boolean critical) {
    return new JsonObject().put("status", NOT_CONFIGURED).put("url", null).put("latency_ms", null).put("circuit", null)
        .put("last_ok", null).put("error", null).put("critical", critical);
  }
}
