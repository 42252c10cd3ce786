package authsuite.common;

import java.util.Objects;

/**
 * A dependency needed to answer (Redis, PostgreSQL, an issuer) could not be reached. HTTP code maps it
 * to 503 with {@code Retry-After}: "cannot tell" is never "invalid".
 */
public final class DependencyUnavailableException extends RuntimeException {

  private final String dependency;

  public DependencyUnavailableException(String dependency, Throwable cause) {
    super(dependency + " unavailable: " + (cause == null ? "unknown cause" : cause.getMessage()), cause);
    this.dependency = Objects.requireNonNull(dependency, "dependency");
  }

  public String dependency() {
    return dependency;
  }
}
