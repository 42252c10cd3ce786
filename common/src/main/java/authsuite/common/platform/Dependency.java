package authsuite.common.platform;

/**
 * An external dependency a service checks. A critical one takes the service out of readiness
 * while it is down; none ever affects liveness.
 */
public record Dependency(Kind kind, boolean critical) {
  public enum Kind { REDIS, POSTGRES }

  public static Dependency critical(Kind kind) {
    return new Dependency(kind, true);
  }

  public static Dependency optional(Kind kind) {
    return new Dependency(kind, false);
  }

  public String key() {
    return kind.name().toLowerCase();
  }
}
