package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.testing.Eventually;
import authsuite.launcher.SuiteRunner.RunningService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The seed bug cannot happen: a service that fell back to another port is found where it really is")
class PortFallbackDiscoveryTest {

  @Test
  @DisplayName("with the adapter's port held and PORT_FALLBACK=true, the suite comes up, the coordinator lists the adapter's real address and reports it healthy")
  void coordinatorFindsTheFallenBackAdapter(Vertx vertx) {
    NetServer squatter = vertx.createNetServer().connectHandler(socket -> socket.close()).listen(0, "0.0.0.0").await();
    Map<String, String> env = new HashMap<>();
    for (SuiteService service : SuiteService.values()) {
      env.put(service.portVariable(), "0");
    }
    env.put(SuiteService.JWT_TOKEN_ADAPTER.portVariable(), String.valueOf(squatter.actualPort()));
    env.put("PORT_FALLBACK", "true");
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "200");

    List<RunningService> running = SuiteRunner.start(vertx, env, List.of()).await();

    int adapterPort = portOf(running, SuiteService.JWT_TOKEN_ADAPTER);
    int coordinatorPort = portOf(running, SuiteService.SERVICE_BOUNDARY_COORDINATOR);
    assertThat(adapterPort).isNotEqualTo(squatter.actualPort());
    String realUrl = "http://127.0.0.1:" + adapterPort;
    WebClient client = WebClient.create(vertx);

    JsonObject services = client.get(coordinatorPort, "127.0.0.1", "/api/v1/coordinator/services").send().await().bodyAsJsonObject();
    assertThat(services.getJsonArray("services").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals(SuiteService.JWT_TOKEN_ADAPTER.serviceName()))
        .map(s -> s.getString("url"))).containsExactly(realUrl);

    JsonObject adapter = awaitAdapterEntry(vertx, client, coordinatorPort);
    assertThat(adapter.getString("status")).isEqualTo("healthy");
    assertThat(adapter.getString("url")).isEqualTo(realUrl);
    assertThat(adapter.getString("circuit")).isEqualTo("closed");
    client.close();
    squatter.close().await();
  }

  private static JsonObject awaitAdapterEntry(Vertx vertx, WebClient client, int coordinatorPort) {
    return Eventually.until(vertx, () -> client.get(coordinatorPort, "127.0.0.1", "/api/v1/health/integration").send().await()
            .bodyAsJsonObject().getJsonObject("services").getJsonObject(SuiteService.JWT_TOKEN_ADAPTER.healthKey()),
        adapter -> "healthy".equals(adapter.getString("status")), Duration.ofSeconds(5));
  }

  private static int portOf(List<RunningService> running, SuiteService service) {
    return running.stream().filter(r -> r.service() == service).findFirst().orElseThrow().port();
  }
}
