package authsuite.common.platform;

/**
 * An external dependency a service checks in {@code /health}. A critical one is one the service's own features need
 * (reported as {@code critical} there, and weighed by the coordinator); none ever affects readiness or liveness.
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
