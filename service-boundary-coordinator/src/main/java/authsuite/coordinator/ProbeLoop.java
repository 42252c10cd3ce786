package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.AuthEventSubscription;
import authsuite.common.events.ModeChange;
import authsuite.common.telemetry.Spans;
import authsuite.common.telemetry.TraceAttributes;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The coordinator's heartbeat: every probe interval one round probes every target through its
 * circuit, updates the mode, and replaces the integration snapshot that requests are served
 * from. Nothing here runs on a request's path; a round never overlaps the previous one.
 */
final class ProbeLoop {
  private final Vertx vertx;
  private final CoordinatorSettings settings;
  private final ProbeRound round;
  private final Circuits circuits;
  private final ModeKeeper mode;
  private final ModePublisher publisher;
  private final SnapshotStream stream;
  private final AuthEventChannel events;
  private final String origin;
  private final Clock clock;
  private AuthEventSubscription drills;
  private boolean subscribing;
  private volatile HealthSnapshot snapshot;
  private List<ProbeResult> lastResults = List.of();
  private Instant lastRoundAt;
  private boolean running;
  private long timer = -1;

  /**
   * @param events where drills started through other coordinator instances are heard
   * @param metrics / service where the circuits and the mode are measured, and under which service
   */
  ProbeLoop(Vertx vertx, CoordinatorSettings settings, ProbeRound round, ModePublisher publisher, SnapshotStream stream,
            AuthEventChannel events, MeterRegistry metrics, String service, String origin, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.round = round;
    this.circuits = new Circuits(vertx, settings, metrics, service, clock);
    this.mode = new ModeKeeper(settings, clock).withGauges(metrics, service);
    this.publisher = publisher;
    this.stream = stream;
    this.events = events;
    this.origin = origin;
    this.clock = clock;
    this.snapshot = IntegrationReport.build(List.of(), mode.current(), clock.instant());
  }

  /** Runs the first round now, then one every interval; completes after the first. */
  Future<Void> start() {
    timer = vertx.setPeriodic(settings.probeInterval().toMillis(), tick -> runRound());
    return runRound();
  }

  void stop() {
    vertx.cancelTimer(timer);
    circuits.close();
    if (drills != null) {
      drills.cancel();
    }
  }

  HealthSnapshot snapshot() {
    return snapshot;
  }

  Future<Void> runRound() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    followOtherCoordinators();
    // one trace per round: its root span, a child per target, the targets' own server spans under those
    return Spans.<Void>root(vertx.getOrCreateContext(), "probe round", this::probeAll)
        .eventually(() -> {
          running = false;
          return Future.succeededFuture();
        });
  }

  private Future<Void> probeAll(Span roundSpan) {
    Context roundContext = vertx.getOrCreateContext();
    return round.targets()
        .compose(targets -> Future.all(targets.stream().map(target -> probeAndShow(roundContext, roundSpan, target)).toList())
            .map(all -> all.<ProbeResult>list().stream().filter(result -> !round.departed(result.target())).toList()))
        .compose(results -> {
          circuits.retainOnly(results.stream().map(r -> r.target().key()).collect(Collectors.toSet()));
          lastResults = results;
          lastRoundAt = clock.instant();
          Optional<ModeChange> change = mode.observe(dependency(results, IntegrationReport.REDIS),
              dependency(results, IntegrationReport.PRIMARY_AUTH), lastRoundAt);
          refreshSnapshot();
          roundSpan.setAttribute(TraceAttributes.MODE, mode.mode());
          return change.map(publisher::publish).orElseGet(publisher::retryPending);
        });
  }

  /** One target's probe as a child span of the round, with what it found and its circuit's state. */
  private Future<ProbeResult> probeAndShow(Context roundContext, Span roundSpan, ProbeTarget target) {
    return Spans.child(roundContext, roundSpan, "probe " + target.group(), span -> probeAndShow(target).onSuccess(result -> {
      span.setAttribute(TraceAttributes.PROBE_TARGET, target.key());
      span.setAttribute(TraceAttributes.PROBE_STATUS, result.status());
      span.setAttribute(TraceAttributes.CIRCUIT_STATE, result.circuit());
    }));
  }

  /**
   * A result that changes what the report says is shown at once, not at the end of the round: a
   * peer going down reaches pollers and the stream without waiting for a slow probe of another.
   */
  private Future<ProbeResult> probeAndShow(ProbeTarget target) {
    return circuits.probe(target).onSuccess(fresh -> {
      // an instance found gone leaves the report now rather than at the end of the round
      boolean gone = round.departed(target);
      List<ProbeResult> merged = new ArrayList<>(lastResults.size() + 1);
      boolean known = false;
      boolean changed = false;
      for (ProbeResult previous : lastResults) {
        if (!previous.target().key().equals(fresh.target().key())) {
          merged.add(previous);
          continue;
        }
        known = true;
        changed = gone || !previous.fingerprint().equals(fresh.fingerprint());
        if (!gone) {
          merged.add(fresh);
        }
      }
      if (!known && !gone) {
        merged.add(fresh);
        changed = true;
      }
      if (changed) {
        lastResults = merged;
        refreshSnapshot();
      }
    });
  }

  /** Starts a drill ({@code forced} non-null, until {@code until}) or ends one. */
  Future<ModeChange> force(String forced, Instant until) {
    Instant now = clock.instant();
    Optional<ModeChange> change = forced == null ? mode.endDrill(now) : mode.force(forced, until, now);
    refreshSnapshot();
    return change.map(publisher::publish).orElseGet(Future::succeededFuture).map(v -> mode.current());
  }

  /**
   * A drill started or ended through another coordinator instance holds here too, so that every
   * instance reports the same mode. Adopted, not republished: the instance that took the request
   * has told everyone already. Subscribed on the first round, and retried each round until it is.
   */
  private void followOtherCoordinators() {
    if (drills != null || subscribing) {
      return;
    }
    subscribing = true;
    events.subscribe(event -> ModeChange.from(event)
            .filter(change -> event.origin() != null && !event.origin().equals(origin)
                && event.origin().startsWith(SuiteService.SERVICE_BOUNDARY_COORDINATOR.serviceName() + "/"))
            .ifPresent(this::adoptDrill))
        .onComplete(subscribed -> {
          subscribing = false;
          drills = subscribed.succeeded() ? subscribed.result() : null;
        });
  }

  private void adoptDrill(ModeChange change) {
    Instant now = clock.instant();
    if (change.forced() && change.expiresAt() != null && change.expiresAt().isAfter(now)) {
      mode.force(change.mode(), change.expiresAt(), now);
    } else if (!change.forced() && mode.current().forced()) {
      mode.endDrill(now);
    } else {
      return;
    }
    refreshSnapshot();
  }

  JsonObject status() {
    return new JsonObject()
        .put("mode", mode.toJson())
        .put("circuits", circuits.states())
        .put("last_round_at", lastRoundAt == null ? null : lastRoundAt.toString())
        .put("targets", lastResults.size())
        .put("probe_interval_ms", settings.probeInterval().toMillis());
  }

  private void refreshSnapshot() {
    HealthSnapshot next = IntegrationReport.build(new ArrayList<>(lastResults), mode.current(), clock.instant());
    boolean changed = !next.etag().equals(snapshot.etag());
    snapshot = next;
    if (changed) {
      stream.push(next);
    }
  }

  private static Optional<ProbeResult> dependency(List<ProbeResult> results, String name) {
    return results.stream().filter(r -> r.target().key().equals(name)).findFirst();
  }
}
