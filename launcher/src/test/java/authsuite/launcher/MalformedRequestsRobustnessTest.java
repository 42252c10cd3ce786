package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.testing.CapturedLogs;
import authsuite.common.testing.RawHttp;
import authsuite.launcher.SuiteRunner.RunningService;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static authsuite.launcher.RunningSuite.assertProblem;
import static authsuite.launcher.RunningSuite.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service answers to a request that is not well-formed, and what such a request leaves in the
 * logs: a problem with a 4xx status and a stable code, and never a line at ERROR (a client's mistake is not
 * the server's fault). All five services, over real sockets.
 */
@Tag("robustness")
@DisplayName("Every service answers malformed requests with 400-range problems and logs no error for them")
class MalformedRequestsRobustnessTest {
  private static RunningSuite suite;
  private CapturedLogs logs;

  @BeforeAll
  static void startSuite() {
    suite = RunningSuite.start();
  }

  @AfterAll
  static void stopSuite() {
    suite.close();
  }

  @BeforeEach
  void captureLogs() {
    logs = CapturedLogs.named("authsuite", "io.vertx", "io.netty");
  }

  @AfterEach
  void releaseLogs() {
    logs.close();
  }

  @Test
  @DisplayName("HTTP/1.1 without a Host, or with one that names no host, is 400 invalid_host, not a 500")
  void missingOrInvalidHost() {
    for (RunningService service : suite.services()) {
      for (String hostLine : new String[] {"", "Host: a b\r\n", "Host: x:99999\r\n", "Host: [::1\r\n"}) {
        RawHttp.Answer answer = RawHttp.exchange(service.port(), "GET /health HTTP/1.1\r\n" + hostLine + "Connection: close\r\n\r\n");
        assertProblem(service.service() + " " + hostLine, answer, 400, "invalid_host");
        assertThat(answer.header("X-Correlation-ID")).isNotBlank();
      }
    }
    assertNoErrorLogged();
  }

  @Test
  @DisplayName("a malformed percent-escape in a query or a path is 400 malformed_query / malformed_path, on API and raw routes alike")
  void malformedPercentEscapes() {
    for (RunningService service : suite.services()) {
      String area = service.service().apiArea();
      assertProblem(service.service() + " health query", get(service.port(), "/health?probe=%zz"), 400, "malformed_query");
      assertProblem(service.service() + " area query", get(service.port(), "/api/v1/" + area + "/health?probe=%2"), 400, "malformed_query");
      assertProblem(service.service() + " path", get(service.port(), "/health/%zz"), 400, "malformed_path");
      assertProblem(service.service() + " unknown path", get(service.port(), "/%zz"), 400, "malformed_path");
    }
    assertProblem("session info", get(suite.port(SuiteService.SESSION_VALIDATION_NORMALIZER), "/api/v1/session/info?user_id=%zz"),
        400, "malformed_query");
    assertProblem("ws ticket", get(suite.port(SuiteService.WEBSOCKET_AUTH_GATEWAY), "/ws?ticket=%zz"), 400, "malformed_query");
    assertProblem("connection info", get(suite.port(SuiteService.WEBSOCKET_AUTH_GATEWAY), "/api/v1/ws-auth/connection-info?user_id=%zz"),
        400, "malformed_query");
    assertProblem("forward-auth", get(suite.port(SuiteService.JWT_TOKEN_ADAPTER), "/api/v1/jwt/verify/%zz"), 400, "malformed_path");
    assertProblem("demo page", get(suite.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR), "/demo/x%2"), 400, "malformed_path");
    assertNoErrorLogged();
  }

  @Test
  @DisplayName("what the HTTP decoder refuses (headers too large, request line too long, not HTTP) is a problem with its status")
  void decoderRefusalsAreProblems() {
    for (RunningService service : suite.services()) {
      assertProblem(service.service() + " headers", RawHttp.exchange(service.port(),
          "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"), 431, "headers_too_large");
      assertProblem(service.service() + " line", RawHttp.exchange(service.port(),
          "GET /" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414, "uri_too_long");
      assertProblem(service.service() + " garbage", RawHttp.exchange(service.port(), "GET /health HTTP/1.1 junk\r\nHost: x\r\n\r\n"),
          400, "malformed_request");
    }
    assertNoErrorLogged();
  }

  @Test
  @DisplayName("a WebSocket upgrade the HTTP layer cannot complete is a problem: 400 malformed_upgrade, 426 for another version")
  void malformedUpgrades() {
    int gateway = suite.port(SuiteService.WEBSOCKET_AUTH_GATEWAY);
    String upgrade = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n";
    String key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    assertProblem("no Connection: Upgrade", RawHttp.exchange(gateway,
        upgrade + key + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n"), 400, "malformed_upgrade");
    assertProblem("no key", RawHttp.exchange(gateway,
        upgrade + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"), 400, "malformed_upgrade");
    RawHttp.Answer otherVersion = RawHttp.exchange(gateway, upgrade + key + "Connection: Upgrade\r\nSec-WebSocket-Version: 8\r\n\r\n");
    assertProblem("version 8", otherVersion, 426, "unsupported_websocket_version");
    assertThat(otherVersion.header("Sec-WebSocket-Version")).isEqualTo("13");
    assertNoErrorLogged();
  }

  @Test
  @DisplayName("a client that hangs up in the middle of its body is no server error: nothing is logged at ERROR, and the service answers on")
  void clientGivingUpMidBody() throws Exception {
    for (RunningService service : suite.services()) {
      String path = "/api/v1/" + service.service().apiArea() + "/validate";
      for (String framing : new String[] {"Content-Length: 1000\r\n\r\n{\"token\": \"ab", "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"tok"}) {
        for (boolean reset : new boolean[] {false, true}) {
          try (Socket socket = new Socket("127.0.0.1", service.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + framing)
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // not an event wait: the point is a client that stops mid-body a moment after sending part of it
            Thread.sleep(100);
            if (reset) {
              socket.setSoLinger(true, 0); // closes with a TCP reset rather than a FIN
            }
          }
        }
      }
    }
    // not an event wait: no ERROR line may follow the hang-ups, so give the services a moment in which one could
    Thread.sleep(500);
    for (RunningService service : suite.services()) {
      assertThat(suite.client().get(service.port(), "127.0.0.1", "/health/live").send().await().statusCode()).isEqualTo(200);
    }
    assertNoErrorLogged();
  }

  private void assertNoErrorLogged() {
    assertThat(logs.lines()).noneMatch(line -> line.startsWith("ERROR"));
  }
}
