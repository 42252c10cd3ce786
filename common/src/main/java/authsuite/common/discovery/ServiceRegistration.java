package authsuite.common.discovery;

import io.vertx.core.Future;

public interface ServiceRegistration {

  /** The registered instance as of its latest heartbeat. */
  ServiceInstance instance();

  /** Stops the heartbeat and removes the entry, so callers stop resolving to this instance at once. */
  Future<Void> deregister();
}
