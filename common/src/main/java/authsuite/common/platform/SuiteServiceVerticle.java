package authsuite.common.platform;

import io.vertx.core.Deployable;
import io.vertx.core.Future;

/**
 * A deployed service as the launcher and the tests see it: where it listens, how it drains, what it stands on. Each
 * service's verticle implements it by handing over to its {@link SuiteServer}.
 */
public interface SuiteServiceVerticle extends Deployable {
  /** What Vert.x deployed it as (to undeploy it); {@code VerticleBase} answers it. */
  String deploymentID();

  /** The port actually bound (after any fallback), or -1 before it listens. */
  int port();

  /**
   * The graceful half of a shutdown (SIGTERM), before the verticle stops ({@link SuiteServer#drain()}); completes at
   * once when the service never served. Callable from any thread, and more than once.
   */
  Future<Void> drain();

  /** What the service stands on, or null before it starts. */
  ServicePlatform platform();
}
