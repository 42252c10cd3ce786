package authsuite.common.discovery;

import authsuite.common.discovery.impl.LocalRegistryEntries;
import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LocalServiceRegistryTest extends ServiceRegistryContractTest {

  @Override
  protected ServiceRegistry open(Vertx vertx, Duration heartbeatInterval) {
    return ServiceRegistry.local(vertx, heartbeatInterval);
  }

  @Test
  @DisplayName("registries created on one Vert.x see each other's instances, as verticles of one JVM must")
  void registriesOfOneVertxShareEntries(Vertx vertx) {
    register(ServiceRegistry.local(vertx), "jwt-token-adapter", "http://127.0.0.1:8025");

    assertThat(ServiceRegistry.local(vertx).instances("jwt-token-adapter").await()).hasSize(1);
  }

  @Test
  @DisplayName("an entry whose heartbeats stopped is no longer listed once its ttl has passed")
  void entryWithoutHeartbeatExpires(Vertx vertx) {
    Instant now = Instant.now();
    new LocalRegistryEntries(vertx)
      .write(new ServiceInstance("jwt-token-adapter", "gone", "http://x", now, now), Duration.ofMillis(300))
      .await();
    ServiceRegistry registry = ServiceRegistry.local(vertx);
    assertThat(registry.instances("jwt-token-adapter").await()).hasSize(1);

    // the patience bounds the test; that the entry goes at all, with nobody removing it, is the point
    Eventually.until(vertx, () -> registry.instances("jwt-token-adapter").await(), List::isEmpty, Duration.ofSeconds(10));
    assertThat(registry.all().await()).isEmpty();
  }
}
