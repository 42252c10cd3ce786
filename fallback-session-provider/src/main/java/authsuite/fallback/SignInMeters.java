package authsuite.fallback;

import authsuite.common.metrics.SuiteMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code authsuite_emergency_signins_total{service,kind,outcome}}: every emergency sign-in attempt as audited, and
 * {@code authsuite_rate_limited_total{service,limiter}} for the attempts the per-account and per-address limits
 * refused. All registered at construction. An audit outcome that names a token's reason or a limit
 * ({@code invalid_token_<reason>}, {@code rate_limited_<limit>}) is counted under its family; one outside the set
 * (none should be) as {@code error}, so the label's values stay a closed set.
 */
final class SignInMeters {
  static final List<String> OUTCOMES = List.of("granted", "not_active", "rate_limited", "invalid_token", "not_an_access_token",
      "unknown_user", "wrong_password", "inactive_user", "users_unavailable", "audit_unavailable", "fallback_busy", "error");
  private static final String INVALID_TOKEN = "invalid_token_";
  private static final String RATE_LIMITED = "rate_limited_";

  private final Map<String, Counter> attempts = new HashMap<>();
  private final Map<String, Counter> limited = new HashMap<>();

  SignInMeters(MeterRegistry registry, String service) {
    for (String kind : List.of(AuditEntry.PASSWORD, AuditEntry.SESSION)) {
      for (String outcome : OUTCOMES) {
        attempts.put(kind + '/' + outcome, Counter.builder("authsuite_emergency_signins")
            .description("emergency sign-in attempts by kind (password, session) and outcome")
            .tags(SuiteMeters.SERVICE, service, "kind", kind, "outcome", outcome)
            .register(registry));
      }
    }
    for (String limiter : List.of("account", "address")) {
      limited.put(limiter, SuiteMeters.rateLimited(registry, service, "fallback_" + limiter));
    }
  }

  void attempted(String kind, String outcome) {
    Counter counter = attempts.get(kind + '/' + family(outcome));
    (counter != null ? counter : attempts.get(AuditEntry.PASSWORD + "/error")).increment();
  }

  void rateLimited(String limitedBy) {
    Counter counter = limited.get(limitedBy);
    if (counter != null) {
      counter.increment();
    }
  }

  static String family(String outcome) {
    if (outcome.startsWith(INVALID_TOKEN)) {
      return "invalid_token";
    }
    if (outcome.startsWith(RATE_LIMITED)) {
      return "rate_limited";
    }
    return OUTCOMES.contains(outcome) ? outcome : "error";
  }
}
