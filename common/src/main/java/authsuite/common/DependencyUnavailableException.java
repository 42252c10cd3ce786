package authsuite.common;

import io.vertx.core.Future;
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

  /** The call's outcome, with any failure reported as this dependency being unavailable. */
  public static <T> Future<T> whenFailing(String dependency, Future<T> call) {
    return call.recover(cause -> Future.failedFuture(cause instanceof DependencyUnavailableException
        ? cause : new DependencyUnavailableException(dependency, cause)));
  }
}
