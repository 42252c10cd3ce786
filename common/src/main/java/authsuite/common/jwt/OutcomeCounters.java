package authsuite.common.jwt;

import authsuite.common.metrics.SuiteMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validations counted by outcome ("valid" or a reason), in {@code /metrics} as
 * {@code authsuite_token_validations_total{service,outcome,reason}}. Every counter is registered at construction, one
 * per reason of the closed set, so that counting on the validate path (60k+ per second) is a map read and an add.
 */
final class OutcomeCounters {
  static final String VALID = "valid";
  static final String ISSUER_UNAVAILABLE = "issuer_unavailable";
  /** Every reason a check can name; anything else (none should) is counted as {@code other}. */
  static final List<String> REASONS = List.of(TokenCheck.TOKEN_EXPIRED, TokenCheck.BAD_SIGNATURE, TokenCheck.UNKNOWN_ISSUER,
      TokenCheck.UNKNOWN_KID, TokenCheck.ALG_NOT_ALLOWED, TokenCheck.NOT_YET_VALID, TokenCheck.AUDIENCE_MISMATCH,
      TokenCheck.REVOKED, TokenCheck.MALFORMED, TokenCheck.MISSING_ROLE, TokenCheck.WRONG_TOKEN_TYPE);
  private static final String OTHER = "other";

  private final Map<String, Counter> byOutcome;

  OutcomeCounters(MeterRegistry registry, String service) {
    Map<String, Counter> counters = new HashMap<>();
    counters.put(VALID, counter(registry, service, "valid", "none"));
    counters.put(ISSUER_UNAVAILABLE, counter(registry, service, "unavailable", ISSUER_UNAVAILABLE));
    counters.put(OTHER, counter(registry, service, "invalid", OTHER));
    REASONS.forEach(reason -> counters.put(reason, counter(registry, service, "invalid", reason)));
    this.byOutcome = Map.copyOf(counters);
  }

  private static Counter counter(MeterRegistry registry, String service, String outcome, String reason) {
    return Counter.builder("authsuite_token_validations")
        .description("token validations by outcome (valid, invalid, unavailable) and reason")
        .tags(SuiteMeters.SERVICE, service, "outcome", outcome, "reason", reason)
        .register(registry);
  }

  void count(String outcome) {
    Counter counter = byOutcome.get(outcome);
    (counter != null ? counter : byOutcome.get(OTHER)).increment();
  }

  /** The outcomes seen so far, by count: for the status endpoint. */
  JsonObject toJson() {
    JsonObject json = new JsonObject();
    byOutcome.forEach((outcome, counter) -> {
      long count = (long) counter.count();
      if (count > 0) {
        json.put(outcome, count);
      }
    });
    return json;
  }
}
