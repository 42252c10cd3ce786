package authsuite.session;

import authsuite.common.http.Problem;
import authsuite.common.metrics.SuiteMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code authsuite_session_validations_total{service,source,outcome}}: every session check by the source that decided
 * it ({@code jwt}, {@code emergency}, {@code redis_session}, or a SESSION_SOURCES name: a closed, configured set) and its
 * outcome: {@code valid}, {@code degraded} (valid, answered while the session store's circuit is open),
 * {@code invalid}, or {@code unavailable} (503: the store could not be asked). Registered at construction.
 */
final class SessionMeters {
  static final List<String> OUTCOMES = List.of("valid", "degraded", "invalid", "unavailable");
  private static final int VALID = 0;
  private static final int DEGRADED = 1;
  private static final int INVALID = 2;
  private static final int UNAVAILABLE = 3;
  private static final String OTHER = "other";

  /** By source, the counters in the order of {@link #OUTCOMES}: no allocation on the validate path. */
  private final Map<String, Counter[]> bySource = new HashMap<>();

  SessionMeters(MeterRegistry registry, String service, List<SessionSource> configured) {
    List<String> sources = new ArrayList<>(List.of("jwt", "emergency", SessionBook.SOURCE, OTHER));
    configured.forEach(source -> sources.add(source.name()));
    for (String source : sources) {
      Counter[] counters = new Counter[OUTCOMES.size()];
      for (int i = 0; i < counters.length; i++) {
        counters[i] = Counter.builder("authsuite_session_validations")
            .description("session checks by the source that decided them and outcome")
            .tags(SuiteMeters.SERVICE, service, "source", source, "outcome", OUTCOMES.get(i))
            .register(registry);
      }
      bySource.put(source, counters);
    }
  }

  void decided(SessionVerdict verdict) {
    count(verdict.source(), !verdict.isValid() ? INVALID : verdict.degraded() ? DEGRADED : VALID);
  }

  /** A check that ended without a verdict: the store unavailable (503), or a credential refused outright (413). */
  void failed(String source, Throwable failure) {
    count(source, failure instanceof Problem problem && problem.status() == 503 ? UNAVAILABLE : INVALID);
  }

  private void count(String source, int outcome) {
    Counter[] counters = bySource.get(source);
    (counters != null ? counters : bySource.get(OTHER))[outcome].increment();
  }
}
