package authsuite.coordinator;

import authsuite.common.events.ModeChange;
import authsuite.common.metrics.StateGauges;
import authsuite.common.metrics.SuiteMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the mode from probe rounds: {@code degraded} while Redis or the primary auth service
 * is failing (with hysteresis, {@link FailureStreak}), {@code emergency} while both are; a forced
 * mode for drills wins until it expires or is ended. Each method answers the change to publish,
 * if the mode changed.
 */
final class ModeKeeper {
  static final List<String> MODES = List.of(ModeChange.NORMAL, ModeChange.DEGRADED, ModeChange.EMERGENCY);
  private final FailureStreak redis;
  private final FailureStreak primaryAuth;
  /** Volatile: the mode gauge reads it on the scraping thread. */
  private volatile String mode = ModeChange.NORMAL;
  private String reason = "starting: no probe round yet";
  private Instant since;
  private String probedMode = ModeChange.NORMAL;
  private String probedReason = reason;
  private String forcedMode;
  private Instant forcedUntil;
  private boolean publishedForced;

  ModeKeeper(CoordinatorSettings settings, Clock clock) {
    this.since = clock.instant();
    this.redis = new FailureStreak(settings.modeFailRounds(), settings.modeRecoverRounds());
    this.primaryAuth = new FailureStreak(settings.modeFailRounds(), settings.modeRecoverRounds());
  }

  /** {@code authsuite_mode{service,mode}}: 1 for the mode in force (forced for a drill or probed), 0 for the others. */
  ModeKeeper withGauges(MeterRegistry registry, String service) {
    StateGauges.register(registry, "authsuite_mode", "the suite's mode as this service sees it: 1 for the mode in force",
        Tags.of(SuiteMeters.SERVICE, service), "mode", MODES, state -> StateGauges.oneIf(mode, state));
    return this;
  }

  /** @param redisUp / primaryUp empty when that dependency is not configured: it never fails then */
  Optional<ModeChange> observe(Optional<ProbeResult> redisUp, Optional<ProbeResult> primaryUp, Instant now) {
    redisUp.ifPresent(result -> redis.record(result.up(), result.error()));
    primaryUp.ifPresent(result -> primaryAuth.record(result.up(), result.error()));
    List<String> failing = new ArrayList<>();
    if (primaryAuth.failing()) {
      failing.add("primary auth service failing (" + primaryAuth.lastError() + ")");
    }
    if (redis.failing()) {
      failing.add("redis failing (" + redis.lastError() + ")");
    }
    probedMode = switch (failing.size()) {
      case 0 -> ModeChange.NORMAL;
      case 1 -> ModeChange.DEGRADED;
      default -> ModeChange.EMERGENCY;
    };
    probedReason = failing.isEmpty() ? "redis and the primary auth service answer their probes" : String.join("; ", failing);
    if (forcedMode != null && !now.isBefore(forcedUntil)) {
      forcedMode = null;
      forcedUntil = null;
    }
    return settle(now);
  }

  Optional<ModeChange> force(String forced, Instant until, Instant now) {
    forcedMode = forced;
    forcedUntil = until;
    return settle(now);
  }

  Optional<ModeChange> endDrill(Instant now) {
    forcedMode = null;
    forcedUntil = null;
    return settle(now);
  }

  ModeChange current() {
    return new ModeChange(mode, null, reason, forcedMode != null, forcedUntil);
  }

  JsonObject toJson() {
    return current().toJson().put("since", since.toString()).put("probed_mode", probedMode);
  }

  String mode() {
    return mode;
  }

  private Optional<ModeChange> settle(Instant now) {
    String next = forcedMode != null ? forcedMode : probedMode;
    String why = forcedMode != null ? "forced for a drill until " + forcedUntil : probedReason;
    boolean forced = forcedMode != null;
    // a drill starting or ending is news even when the mode it names is the one already in force
    boolean changed = !next.equals(mode) || forced != publishedForced;
    String previous = mode;
    reason = why;
    if (!changed) {
      return Optional.empty();
    }
    if (!next.equals(mode)) {
      since = now;
    }
    mode = next;
    publishedForced = forced;
    return Optional.of(new ModeChange(next, previous, why, forced, forcedUntil));
  }
}
