package authsuite.common.platform;

/**
 * Whether this instance takes requests: from the moment its server listens until it starts draining. Nothing else
 * enters into it, a dependency that is down least of all: readiness decides whether an orchestrator sends traffic here,
 * and an instance whose Redis hangs still validates JWTs, relays degraded WebSockets and reports the integration, which
 * it could not do out of its Service (docs/robustness.md, "Readiness is this instance, never its dependencies").
 */
public final class Readiness {
  public enum State { STARTING, SERVING, DRAINING }

  private volatile State state = State.STARTING;

  /** The server listens: from now on the instance is ready. */
  public void serving() {
    if (state == State.STARTING) {
      state = State.SERVING;
    }
  }

  /** Shutting down: not ready any more, for good. */
  public void draining() {
    state = State.DRAINING;
  }

  public State state() {
    return state;
  }

  public boolean ready() {
    return state == State.SERVING;
  }
}
