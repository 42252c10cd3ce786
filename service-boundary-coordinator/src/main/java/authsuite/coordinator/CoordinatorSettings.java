package authsuite.coordinator;

import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The coordinator's own settings, declared here with their defaults and ranges ({@link CoordinatorSettingsDeclaration}).
 *
 * @param probeInterval      time between probe rounds; also the integration report's max-age
 * @param probeTimeout       a probe that has not answered by then has failed
 * @param circuitMaxFailures failed probes of one target, within the circuit window, that open its circuit
 * @param circuitReset       how long an open circuit waits before letting one probe through (half open)
 * @param modeFailRounds     consecutive failed rounds of Redis or the primary auth service before the mode degrades
 * @param modeRecoverRounds  consecutive good rounds before it counts as recovered
 * @param primaryAuthUrl     the primary auth service, when configured
 * @param primaryAuthHealthPath the path probed on it
 * @param maxStreams         event streams of the integration report this instance holds open at most
 */
record CoordinatorSettings(Duration probeInterval, Duration probeTimeout, int circuitMaxFailures, Duration circuitReset,
                           int modeFailRounds, int modeRecoverRounds, Optional<String> primaryAuthUrl,
                           String primaryAuthHealthPath, int maxStreams) {
  static final String PROBE_INTERVAL_MS = "COORDINATOR_PROBE_INTERVAL_MS";
  static final String PROBE_TIMEOUT_MS = "COORDINATOR_PROBE_TIMEOUT_MS";
  static final String CIRCUIT_MAX_FAILURES = "COORDINATOR_CIRCUIT_MAX_FAILURES";
  static final String CIRCUIT_RESET_MS = "COORDINATOR_CIRCUIT_RESET_MS";
  static final String MODE_FAIL_ROUNDS = "COORDINATOR_MODE_FAIL_ROUNDS";
  static final String MODE_RECOVER_ROUNDS = "COORDINATOR_MODE_RECOVER_ROUNDS";
  static final String PRIMARY_AUTH_HEALTH_PATH = "PRIMARY_AUTH_HEALTH_PATH";
  static final String MAX_STREAMS = "COORDINATOR_MAX_STREAMS";

  private static final Setting PROBE_INTERVAL = Setting.number(PROBE_INTERVAL_MS, 2_000, 50, 600_000);
  private static final Setting PROBE_TIMEOUT = Setting.number(PROBE_TIMEOUT_MS, 1_000, 10, 60_000);
  private static final Setting CIRCUIT_FAILURES = Setting.number(CIRCUIT_MAX_FAILURES, 3, 1, 100);
  private static final Setting CIRCUIT_RESET = Setting.number(CIRCUIT_RESET_MS, 5_000, 50, 600_000);
  private static final Setting FAIL_ROUNDS = Setting.number(MODE_FAIL_ROUNDS, 3, 1, 100);
  private static final Setting RECOVER_ROUNDS = Setting.number(MODE_RECOVER_ROUNDS, 2, 1, 100);
  private static final Setting HEALTH_PATH = Setting.text(PRIMARY_AUTH_HEALTH_PATH, "/health")
      .must(path -> path.startsWith("/") && !path.contains("://"), "a path starting with '/'");
  private static final Setting STREAMS = Setting.number(MAX_STREAMS, 1_000, 1, 100_000);
  static final List<Setting> DECLARED = List.of(PROBE_INTERVAL, PROBE_TIMEOUT, CIRCUIT_FAILURES, CIRCUIT_RESET, FAIL_ROUNDS,
      RECOVER_ROUNDS, HEALTH_PATH, STREAMS);

  static CoordinatorSettings from(SuiteConfig config) {
    return new CoordinatorSettings(
        PROBE_INTERVAL.millis(config),
        PROBE_TIMEOUT.millis(config),
        CIRCUIT_FAILURES.number(config),
        CIRCUIT_RESET.millis(config),
        FAIL_ROUNDS.number(config),
        RECOVER_ROUNDS.number(config),
        config.primaryAuthUrl().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
        HEALTH_PATH.text(config),
        STREAMS.number(config));
  }

  /**
   * Failures older than this no longer count towards opening a circuit: long enough to hold
   * {@link #circuitMaxFailures} consecutive probes, in whole seconds as the breaker counts them.
   */
  long circuitWindowMs() {
    long span = probeInterval.toMillis() * (circuitMaxFailures + 1L) + probeTimeout.toMillis();
    return Math.max(1, (span + 999) / 1000) * 1000;
  }

  /** Whole seconds, at least one, for Cache-Control. */
  long maxAgeSeconds() {
    return Math.max(1, probeInterval.toSeconds());
  }
}
