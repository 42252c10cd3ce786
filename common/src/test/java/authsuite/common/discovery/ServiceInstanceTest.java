package authsuite.common.discovery;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceInstanceTest {

  @Test
  @DisplayName("an instance survives the trip to snake_case JSON and back")
  void jsonRoundTrip() {
    ServiceInstance instance = new ServiceInstance("jwt-token-adapter", "3f2a", "http://j:8025",
      Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T10:00:05Z"));

    assertThat(instance.toJson().fieldNames())
      .containsExactlyInAnyOrder("service", "instance_id", "url", "registered_at", "last_heartbeat");
    assertThat(ServiceInstance.fromJson(instance.toJson())).isEqualTo(instance);
  }

  @Test
  @DisplayName("JSON missing a field is rejected with IllegalArgumentException")
  void rejectsIncompleteJson() {
    assertThatThrownBy(() -> ServiceInstance.fromJson(new JsonObject().put("service", "x")))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
