package authsuite.common.discovery;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/** One running instance of a service and the address it actually bound. */
public record ServiceInstance(String service, String instanceId, String url, Instant registeredAt, Instant lastHeartbeat) {

  public ServiceInstance {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
  }

  public ServiceInstance withHeartbeat(Instant at) {
    return new ServiceInstance(service, instanceId, url, registeredAt, at);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("service", service)
      .put("instance_id", instanceId)
      .put("url", url)
      .put("registered_at", registeredAt.toString())
      .put("last_heartbeat", lastHeartbeat.toString());
  }

  /** @throws IllegalArgumentException when a field is missing or a time is not ISO-8601 */
  public static ServiceInstance fromJson(JsonObject json) {
    try {
      return new ServiceInstance(json.getString("service"), json.getString("instance_id"), json.getString("url"),
        Instant.parse(json.getString("registered_at")), Instant.parse(json.getString("last_heartbeat")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a service instance: " + e.getMessage(), e);
    }
  }
}
