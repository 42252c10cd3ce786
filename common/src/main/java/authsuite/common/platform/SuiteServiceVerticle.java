package authsuite.common.platform;

import io.vertx.core.Deployable;
import io.vertx.core.Future;

/**
 * A deployed service as the launcher and the tests see it: where it listens, how it drains, what it stands on. Each
 * service's verticle answers {@link #server()}; the rest is the server's.
 */
public interface SuiteServiceVerticle extends Deployable {
  /** What Vert.x deployed it as (to undeploy it); {@code VerticleBase} answers it. */
  String deploymentID();

  /** The server it serves through, or null before its start made one. */
  SuiteServer server();

  /** The port actually bound (after any fallback), or -1 before it listens. */
  default int port() {
    SuiteServer server = server();
    return server == null ? -1 : server.port();
  }

  /**
   * The graceful half of a shutdown (SIGTERM), before the verticle stops ({@link SuiteServer#drain()}); completes at
   * once when the service never served. Callable from any thread, and more than once.
   */
  default Future<Void> drain() {
    SuiteServer server = server();
    return server == null ? Future.succeededFuture() : server.drain();
  }

  /** What the service stands on, or null before it starts. */
  default ServicePlatform platform() {
    SuiteServer server = server();
    return server == null ? null : server.platform();
  }
}
