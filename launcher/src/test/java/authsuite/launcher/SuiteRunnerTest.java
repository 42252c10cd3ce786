package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.launcher.SuiteRunner.RunningService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("The launcher runs the suite in one JVM")
class SuiteRunnerTest {
  /** Nothing but ports: the embedded defaults, as a newcomer's first run has them. */
  private static Map<String, String> bareEnvironment() {
    Map<String, String> env = new HashMap<>();
    for (SuiteService service : SuiteService.values()) {
      env.put(service.portVariable(), "0");
    }
    return env;
  }

  @Test
  @DisplayName("with no environment, all five start in dependency order and each /health answers 200")
  void runsAllFive(Vertx vertx) {
    List<RunningService> running = SuiteRunner.start(vertx, bareEnvironment(), List.of()).await();

    assertThat(running).extracting(RunningService::service).containsExactly(SuiteService.values());
    WebClient client = WebClient.create(vertx);
    for (RunningService service : running) {
      var response = client.get(service.port(), "127.0.0.1", "/health").send().await();
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject health = response.bodyAsJsonObject();
      assertThat(health.getString("service")).isEqualTo(service.service().serviceName());
      assertThat(health.getBoolean("embedded")).isTrue();
    }
  }

  @Test
  @DisplayName("named services run alone, in dependency order whatever the order given")
  void runsNamedServices(Vertx vertx) {
    List<RunningService> running = SuiteRunner.start(vertx, bareEnvironment(),
        List.of("service-boundary-coordinator", "jwt-token-adapter")).await();
    assertThat(running).extracting(RunningService::service)
        .containsExactly(SuiteService.JWT_TOKEN_ADAPTER, SuiteService.SERVICE_BOUNDARY_COORDINATOR);
  }

  @Test
  @DisplayName("an unknown service name is a usage error that names it")
  void unknownService(Vertx vertx) {
    assertThatThrownBy(() -> SuiteRunner.start(vertx, bareEnvironment(), List.of("jwt-token-adaptor")).await())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("jwt-token-adaptor");
  }

  @Test
  @DisplayName("the prod profile refuses to start without secrets, Redis and PostgreSQL")
  void prodRefusesEmbedded(Vertx vertx) {
    Map<String, String> env = bareEnvironment();
    env.put("SUITE_PROFILE", "prod");
    assertThatThrownBy(() -> SuiteRunner.start(vertx, env, List.of()).await())
        .hasMessageContaining("REDIS_URL")
        .hasMessageContaining("DATABASE_URL")
        .hasMessageContaining("JWT_SECRET_KEY");
  }
}
