package authsuite.common.discovery;

import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link ServiceRegistry} promises; each implementation runs it through a subclass. */
@ExtendWith(VertxExtension.class)
abstract class ServiceRegistryContractTest {

  protected static final Duration SHORT_HEARTBEAT = Duration.ofMillis(300);
  private static final Duration SLOW_HEARTBEAT = Duration.ofMinutes(1);

  private final List<ServiceRegistration> registrations = new ArrayList<>();

  protected abstract ServiceRegistry open(Vertx vertx, Duration heartbeatInterval);

  protected void cleanUp(Vertx vertx) {
  }

  @AfterEach
  void deregisterAll(Vertx vertx) {
    registrations.forEach(registration -> registration.deregister().await());
    cleanUp(vertx);
  }

  @Test
  @DisplayName("a registered instance is listed, with its url, by instances() and all()")
  void registerThenLookUp(Vertx vertx) {
    ServiceRegistry registry = open(vertx, SLOW_HEARTBEAT);

    ServiceInstance registered = register(registry, "jwt-token-adapter", "http://10.0.0.5:8025").instance();

    assertThat(registry.instances("jwt-token-adapter").await()).singleElement().satisfies(instance -> {
      assertThat(instance.url()).isEqualTo("http://10.0.0.5:8025");
      assertThat(instance.instanceId()).isEqualTo(registered.instanceId());
    });
    assertThat(registry.all().await()).extracting(ServiceInstance::url).contains("http://10.0.0.5:8025");
  }

  @Test
  @DisplayName("each instance of a service gets its own id, and services are not mixed up")
  void severalInstancesAndServices(Vertx vertx) {
    ServiceRegistry registry = open(vertx, SLOW_HEARTBEAT);
    register(registry, "websocket-auth-gateway", "http://a:8028");
    register(registry, "websocket-auth-gateway", "http://b:8028");
    register(registry, "service-boundary-coordinator", "http://c:8029");

    List<ServiceInstance> gateways = registry.instances("websocket-auth-gateway").await();

    assertThat(gateways).extracting(ServiceInstance::url).containsExactlyInAnyOrder("http://a:8028", "http://b:8028");
    assertThat(gateways).extracting(ServiceInstance::instanceId).doesNotHaveDuplicates();
    assertThat(registry.all().await()).extracting(ServiceInstance::service)
      .containsExactly("service-boundary-coordinator", "websocket-auth-gateway", "websocket-auth-gateway");
  }

  @Test
  @DisplayName("an unknown service has no instances")
  void unknownService(Vertx vertx) {
    assertThat(open(vertx, SLOW_HEARTBEAT).instances("nobody").await()).isEmpty();
  }

  @Test
  @DisplayName("evict removes another instance's entry at once; an instance still alive is listed again after its next heartbeat")
  void evictRemovesUntilTheNextHeartbeat(Vertx vertx) {
    ServiceRegistry registry = open(vertx, SHORT_HEARTBEAT);
    ServiceRegistration alive = register(registry, "jwt-token-adapter", "http://gone-or-not:8025");

    registry.evict(alive.instance()).await();
    assertThat(registry.instances("jwt-token-adapter").await()).isEmpty();

    List<ServiceInstance> again = Eventually.until(vertx, () -> registry.instances("jwt-token-adapter").await(),
        listed -> !listed.isEmpty(), SHORT_HEARTBEAT.multipliedBy(5));
    assertThat(again).as("re-registered by a heartbeat").extracting(ServiceInstance::instanceId)
      .containsExactly(alive.instance().instanceId());
  }

  @Test
  @DisplayName("deregister removes the instance at once, and a second deregister is harmless")
  void deregisterRemoves(Vertx vertx) {
    ServiceRegistry registry = open(vertx, SLOW_HEARTBEAT);
    ServiceRegistration registration = registry.register("fallback-session-provider", "http://f:8027").await();

    registration.deregister().await();
    registration.deregister().await();

    assertThat(registry.instances("fallback-session-provider").await()).isEmpty();
    assertThat(registry.all().await()).isEmpty();
  }

  @Test
  @DisplayName("heartbeats keep an instance listed past its entry ttl and advance lastHeartbeat")
  void heartbeatKeepsAlive(Vertx vertx) {
    ServiceRegistry registry = open(vertx, SHORT_HEARTBEAT);
    ServiceInstance registered = register(registry, "session-validation-normalizer", "http://s:8026").instance();

    // not an event wait: the point is outliving the entry's ttl (three heartbeats) by heartbeats alone
    vertx.timer(SHORT_HEARTBEAT.multipliedBy(5).toMillis()).await();

    assertThat(registry.instances("session-validation-normalizer").await()).singleElement()
      .satisfies(instance -> assertThat(instance.lastHeartbeat()).isAfter(registered.lastHeartbeat()));
  }

  @Test
  @DisplayName("a service name that could break the key layout, or a missing url, is rejected")
  void rejectsBadInput(Vertx vertx) {
    ServiceRegistry registry = open(vertx, SLOW_HEARTBEAT);

    assertThatThrownBy(() -> registry.register("a:b", "http://x").await()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.register("ok", " ").await()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a static URL overrides registrations of its service and leaves the others alone")
  void staticUrlOverrides(Vertx vertx) {
    ServiceRegistry registry = ServiceRegistry.withStaticUrls(open(vertx, SLOW_HEARTBEAT),
      Map.of("jwt-token-adapter", "https://jwt.internal.example"));
    register(registry, "jwt-token-adapter", "http://10.0.0.5:8025");
    register(registry, "websocket-auth-gateway", "http://10.0.0.6:8028");

    assertThat(registry.instances("jwt-token-adapter").await()).singleElement().satisfies(instance -> {
      assertThat(instance.instanceId()).isEqualTo("static");
      assertThat(instance.url()).isEqualTo("https://jwt.internal.example");
    });
    assertThat(registry.instances("websocket-auth-gateway").await()).extracting(ServiceInstance::url)
      .containsExactly("http://10.0.0.6:8028");
    assertThat(registry.all().await()).extracting(ServiceInstance::url)
      .containsExactly("https://jwt.internal.example", "http://10.0.0.6:8028");
  }

  protected ServiceRegistration register(ServiceRegistry registry, String service, String url) {
    ServiceRegistration registration = registry.register(service, url).await();
    registrations.add(registration);
    return registration;
  }
}
