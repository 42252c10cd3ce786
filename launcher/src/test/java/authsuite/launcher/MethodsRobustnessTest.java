package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.launcher.SuiteRunner.RunningService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** HEAD and 405 on every service, for routes of the contract and routes mounted beside it alike. */
@Tag("robustness")
@DisplayName("Every service answers HEAD like GET, and says in Allow which methods a path takes")
class MethodsRobustnessTest {
  private static RunningSuite suite;

  @BeforeAll
  static void startSuite() {
    suite = RunningSuite.start();
  }

  @AfterAll
  static void stopSuite() {
    suite.close();
  }

  @Test
  @DisplayName("HEAD on a GET route is answered like GET, without a body")
  void headIsGetWithoutBody() {
    Map<SuiteService, List<String>> own = Map.of(
        SuiteService.JWT_TOKEN_ADAPTER, List.of("/api/v1/jwt/status", "/.well-known/jwks.json"),
        SuiteService.FALLBACK_SESSION_PROVIDER, List.of("/api/v1/fallback/status"),
        SuiteService.SERVICE_BOUNDARY_COORDINATOR, List.of("/api/v1/health/integration", "/api/v1/coordinator/status",
            "/api/v1/coordinator/services", "/", "/status.css"));
    for (RunningService service : suite.services()) {
      List<String> paths = new ArrayList<>(List.of("/health", "/health/live", "/health/ready", "/metrics",
          "/openapi.yaml", "/openapi.json", "/api/v1/" + service.service().apiArea() + "/health"));
      paths.addAll(own.getOrDefault(service.service(), List.of()));
      for (String path : paths) {
        HttpResponse<Buffer> get = suite.client().get(service.port(), "127.0.0.1", path).send().await();
        HttpResponse<Buffer> head = suite.client().head(service.port(), "127.0.0.1", path).send().await();
        String what = "HEAD " + path + " on " + service.service();
        assertThat(head.statusCode()).as(what).isEqualTo(get.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Type")).as(what).isEqualTo(get.getHeader("Content-Type"));
        assertThat(head.body()).as(what).isNull();
      }
    }
  }

  @Test
  @DisplayName("a 405 is a problem whose Allow lists the methods the path takes, on API and raw routes alike")
  void methodNotAllowedSaysWhatIsAllowed() {
    for (RunningService service : suite.services()) {
      assertAllow(service.port(), HttpMethod.DELETE, "/health", "GET, HEAD");
      assertAllow(service.port(), HttpMethod.POST, "/openapi.yaml", "GET, HEAD");
      String postOnly = service.service() == SuiteService.SERVICE_BOUNDARY_COORDINATOR
          ? "/api/v1/coordinator/sync-auth" : "/api/v1/" + service.service().apiArea() + "/validate";
      assertAllow(service.port(), HttpMethod.GET, postOnly, "POST");
    }
    assertAllow(suite.port(SuiteService.JWT_TOKEN_ADAPTER), HttpMethod.PUT, "/api/v1/jwt/validate", "POST");
    assertAllow(suite.port(SuiteService.WEBSOCKET_AUTH_GATEWAY), HttpMethod.POST, "/ws", "GET");
    assertAllow(suite.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR), HttpMethod.DELETE, "/api/v1/health/integration", "GET, HEAD");
    assertAllow(suite.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR), HttpMethod.HEAD, "/api/v1/health/integration/stream", "GET");
  }

  @Test
  @DisplayName("a path no route takes, or a route of the right method finds nothing at, stays 404 not_found")
  void unknownPathIsNotFound() {
    for (RunningService service : suite.services()) {
      assertNotFound(service.port(), HttpMethod.DELETE, "/no/such/path");
    }
    assertNotFound(suite.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR), HttpMethod.GET, "/demo/nope.js");
  }

  private static void assertNotFound(int port, HttpMethod method, String path) {
    HttpResponse<Buffer> answer = suite.client().request(method, port, "127.0.0.1", path).send().await();
    assertThat(answer.statusCode()).as("%s %s", method, path).isEqualTo(404);
    assertThat(answer.getHeader("Allow")).as("%s %s", method, path).isNull();
    assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("not_found");
  }

  private static void assertAllow(int port, HttpMethod method, String path, String allow) {
    HttpResponse<Buffer> answer = suite.client().request(method, port, "127.0.0.1", path).send().await();
    assertThat(answer.statusCode()).as("%s %s", method, path).isEqualTo(405);
    assertThat(answer.getHeader("Allow")).as("%s %s", method, path).isEqualTo(allow);
    if (method != HttpMethod.HEAD) {
      assertThat(answer.getHeader("Content-Type")).isEqualTo(RunningSuite.PROBLEM);
      assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("method_not_allowed");
    }
  }
}
