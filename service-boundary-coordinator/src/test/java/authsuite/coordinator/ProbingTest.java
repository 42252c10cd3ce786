package authsuite.coordinator;

import authsuite.common.SuiteService;
import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static authsuite.coordinator.CoordinatorFixture.service;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The coordinator probes what the registry lists, each target behind its own circuit")
class ProbingTest {
  private CoordinatorFixture fixture;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("every registered service is reported healthy at the address it registered, with the report's keys")
  void reportsRegisteredServices() {
    List<HttpServer> peers = fixture.registerHealthyPeers();
    fixture.start(fixture.config());

    JsonObject report = fixture.awaitReport(r -> "healthy".equals(service(r, SuiteService.SERVICE_BOUNDARY_COORDINATOR).getString("status")),
        2_000, "the coordinator to find itself");

    assertThat(report.fieldNames()).contains("status", "mode", "checked_at", "services", "dependencies");
    assertThat(report.getJsonObject("services").fieldNames()).containsExactlyInAnyOrder("jwt_token_adapter",
        "session_validation_normalizer", "fallback_session_provider", "websocket_auth_gateway", "service_boundary_coordinator");
    assertThat(report.getJsonObject("dependencies").fieldNames()).containsExactlyInAnyOrder("redis", "postgres", "primary_auth");
    JsonObject adapter = service(report, SuiteService.JWT_TOKEN_ADAPTER);
    assertThat(adapter.getString("status")).isEqualTo("healthy");
    assertThat(adapter.getString("url")).isEqualTo("http://127.0.0.1:" + peers.get(0).actualPort());
    assertThat(adapter.getString("circuit")).isEqualTo("closed");
    assertThat(adapter.getString("last_ok")).isNotNull();
    assertThat(adapter.getBoolean("critical")).isTrue();
    assertThat(adapter.getValue("latency_ms")).isInstanceOf(Number.class);
    assertThat(service(report, SuiteService.SERVICE_BOUNDARY_COORDINATOR).getString("url"))
        .isEqualTo("http://127.0.0.1:" + fixture.coordinator.port());
    assertThat(report.getJsonObject("dependencies").getJsonObject("redis").getString("status")).isEqualTo("healthy");
    assertThat(report.getJsonObject("dependencies").getJsonObject("primary_auth").getString("status")).isEqualTo("not_configured");
    assertThat(report.getString("status")).isEqualTo("healthy");
    assertThat(report.getString("mode")).isEqualTo("normal");
  }

  /**
   * The recovered peer, at the address the coordinator knows. The port was the hanging peer's, so the
   * kernel may hold it a moment after that listener closed (or lend it to an outgoing probe): ask again.
   */
  private void recoverOn(Vertx vertx, int port) {
    Eventually.until(vertx, "port " + port + " is free again", () -> {
      try {
        fixture.healthyPeer(port);
        return true;
      } catch (Exception bindFailed) {  // await() rethrows the BindException itself
        return false;
      }
    }, Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("a peer that accepts and never answers: unhealthy with its circuit open; it closes again once the peer recovers")
  void hangingPeerOpensItsCircuit(Vertx vertx) {
    fixture.start(fixture.config());
    NetServer hanging = fixture.hangingPeer(0);
    int port = hanging.actualPort();
    fixture.register(SuiteService.JWT_TOKEN_ADAPTER, port);

    // the circuit opens (failures outside the circuit window would never add up to it); the patience only bounds the test
    JsonObject adapter = Eventually.until(vertx, () -> service(fixture.integration(), SuiteService.JWT_TOKEN_ADAPTER),
        answer -> "open".equals(answer.getString("circuit")), Duration.ofSeconds(15));
    assertThat(adapter.getString("status")).isEqualTo("unhealthy");
    assertThat(adapter.getString("error")).contains("no answer within the probe timeout");

    hanging.close().await();
    recoverOn(vertx, port);
    JsonObject recovered = fixture.awaitReport(r -> "closed".equals(service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("circuit"))
            && "healthy".equals(service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("status")),
        15_000, "the circuit to close after the peer recovered");
    assertThat(service(recovered, SuiteService.JWT_TOKEN_ADAPTER).getString("error")).isNull();
  }

  /**
   * No answer waits for a probe: the report is the last round's, whatever a probe under way is doing. How fast the
   * answers are, with a peer hanging, is measured by bench/coordinator.sh ("one peer hanging"), not asserted here.
   */
  @Test
  @DisplayName("while a probe hangs, the report answers at once from the last round: the probe is still open after each answer")
  void reportNeverWaitsForAProbe(Vertx vertx) {
    HeldPeer hanging = new HeldPeer(vertx);
    try {
      fixture.register(SuiteService.JWT_TOKEN_ADAPTER, hanging.port());
      // a held probe lasts the probe timeout, far longer than any answer may take; its circuit never opens
      fixture.start(fixture.config()
          .put(CoordinatorSettings.PROBE_TIMEOUT_MS, "20000")
          .put(CoordinatorSettings.CIRCUIT_MAX_FAILURES, "100"));
      fixture.awaitReport(r -> "healthy".equals(service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("status")), 5_000, "the adapter healthy");
      hanging.hold();
      Eventually.until(vertx, "a probe of the adapter held open", hanging::holdsOpen, Duration.ofSeconds(30));

      for (int i = 0; i < 20; i++) {
        JsonObject report = fixture.integration();
        assertThat(hanging.holdsOpen()).as("the probe under way is still open after answer %d: the answer did not wait for it", i).isTrue();
        assertThat(service(report, SuiteService.JWT_TOKEN_ADAPTER).getString("status")).as("the last round's finding").isEqualTo("healthy");
        assertThat(report.getString("status")).isNotNull();
      }
    } finally {
      hanging.close();
    }
  }

  @Test
  @DisplayName("a registered instance with nothing listening at its address (connection refused) leaves the registry and the report though its heartbeat goes on; back, it is listed again on its next heartbeat")
  void refusedInstanceLeaves(Vertx vertx) {
    HttpServer closed = fixture.healthyPeer(0);
    int port = closed.actualPort();
    closed.close().await();
    fixture.register(SuiteService.JWT_TOKEN_ADAPTER, port);
    fixture.start(fixture.config());

    // the fixture's registration keeps heartbeating, so its entry never expires: only the coordinator removes it
    fixture.awaitReport(r -> "no instance registered".equals(service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("error")),
        10_000, "the refused instance to leave the report");
    assertThat(fixture.registry.instances(SuiteService.JWT_TOKEN_ADAPTER.serviceName()).await()).isEmpty();

    fixture.healthyPeer(port);
    JsonObject back = fixture.awaitReport(r -> "healthy".equals(service(r, SuiteService.JWT_TOKEN_ADAPTER).getString("status")),
        10_000, "the instance to re-register with its heartbeat");
    assertThat(service(back, SuiteService.JWT_TOKEN_ADAPTER).getString("url")).isEqualTo("http://127.0.0.1:" + port);
  }

  @Test
  @DisplayName("each instance of a service is probed and reported, with a summary such as '1 of 2 healthy, 1 of 2 open'")
  void severalInstances() {
    HttpServer healthy = fixture.healthyPeer(0);
    NetServer hanging = fixture.hangingPeer(0);
    fixture.register(SuiteService.SESSION_VALIDATION_NORMALIZER, healthy.actualPort());
    fixture.register(SuiteService.SESSION_VALIDATION_NORMALIZER, hanging.actualPort());
    fixture.start(fixture.config());

    JsonObject report = fixture.awaitReport(r -> service(r, SuiteService.SESSION_VALIDATION_NORMALIZER).getString("summary", "")
        .equals("1 of 2 healthy, 1 of 2 open"), 3_000, "one instance open");

    JsonObject normalizer = service(report, SuiteService.SESSION_VALIDATION_NORMALIZER);
    assertThat(normalizer.getString("status")).isEqualTo("degraded");
    assertThat(normalizer.getString("circuit")).isEqualTo("closed");
    JsonArray instances = normalizer.getJsonArray("instances");
    assertThat(instances).hasSize(2);
    assertThat(instances.stream().map(i -> ((JsonObject) i).getString("circuit"))).containsExactlyInAnyOrder("closed", "open");
    assertThat(instances.stream().map(i -> ((JsonObject) i).getString("url"))).containsExactlyInAnyOrder(
        "http://127.0.0.1:" + healthy.actualPort(), "http://127.0.0.1:" + hanging.actualPort());
  }

  @Test
  @DisplayName("a service nobody registered is reported unhealthy as 'no instance registered', and a static <SERVICE>_URL wins over the registry")
  void unregisteredAndStatic() {
    HttpServer registered = fixture.healthyPeer(0);
    HttpServer configured = fixture.healthyPeer(0);
    fixture.register(SuiteService.FALLBACK_SESSION_PROVIDER, registered.actualPort());
    fixture.start(fixture.config().put(SuiteService.FALLBACK_SESSION_PROVIDER.urlVariable(), "http://127.0.0.1:" + configured.actualPort()));

    JsonObject report = fixture.integration();
    assertThat(service(report, SuiteService.WEBSOCKET_AUTH_GATEWAY).getString("status")).isEqualTo("unhealthy");
    assertThat(service(report, SuiteService.WEBSOCKET_AUTH_GATEWAY).getString("error")).isEqualTo("no instance registered");
    JsonObject fallback = service(report, SuiteService.FALLBACK_SESSION_PROVIDER);
    assertThat(fallback.getString("url")).isEqualTo("http://127.0.0.1:" + configured.actualPort());
    assertThat(fallback.getJsonArray("instances")).hasSize(1);
    assertThat(fallback.getString("status")).isEqualTo("healthy");
  }
}
