package authsuite.common.platform;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes answer from answers made once, in the body vertx-health-check wrote for them (orchestrators and docs
 * read it), and readiness picks the answer of the instance's state as it is now.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Liveness and readiness answer as vertx-health-check did, and readiness follows the drain")
class ProbeAnswersTest {
  private static final String LIVE = "{\"status\":\"UP\",\"checks\":[{\"id\":\"event-loop\",\"status\":\"UP\"}],\"outcome\":\"UP\"}";
  private static final String READY = "{\"status\":\"UP\",\"checks\":[{\"id\":\"event-loop\",\"status\":\"UP\"},"
      + "{\"id\":\"serving\",\"status\":\"UP\"}],\"outcome\":\"UP\"}";
  private static final String DRAINING = "{\"status\":\"DOWN\",\"checks\":[{\"id\":\"event-loop\",\"status\":\"UP\"},"
      + "{\"id\":\"serving\",\"status\":\"DOWN\",\"data\":{\"state\":\"draining\"}}],\"outcome\":\"DOWN\"}";

  @Test
  @DisplayName("serving: live and ready are 200 with their bodies, HEAD the same without one, and every answer has its own correlation id")
  void serving(Vertx vertx) {
    KitTestVerticle service = TestServices.start(vertx, new KitTestVerticle(), TestServices.embeddedConfig()).await();
    WebClient client = WebClient.create(vertx);

    HttpResponse<Buffer> live = assertAnswer(client.get(service.port(), "127.0.0.1", "/health/live").send().await(), 200, LIVE);
    HttpResponse<Buffer> again = assertAnswer(client.get(service.port(), "127.0.0.1", "/health/live").send().await(), 200, LIVE);
    assertThat(again.getHeader("X-Correlation-ID")).isNotNull().isNotEqualTo(live.getHeader("X-Correlation-ID"));
    assertAnswer(client.get(service.port(), "127.0.0.1", "/health/ready").send().await(), 200, READY);

    HttpResponse<Buffer> head = client.head(service.port(), "127.0.0.1", "/health/ready").send().await();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo("application/json;charset=UTF-8");
    assertThat(head.body()).isNull();
  }

  @Test
  @DisplayName("draining: ready turns 503 with the state at once and stays so, live stays 200")
  void draining(Vertx vertx) {
    KitTestVerticle service = TestServices.start(vertx, new KitTestVerticle(),
        TestServices.embeddedConfig().put(SuiteConfig.SHUTDOWN_DELAY_S, "2")).await();
    WebClient client = WebClient.create(vertx);
    assertAnswer(client.get(service.port(), "127.0.0.1", "/health/ready").send().await(), 200, READY);

    var drained = service.drain();
    assertAnswer(client.get(service.port(), "127.0.0.1", "/health/ready").send().await(), 503, DRAINING);
    assertAnswer(client.get(service.port(), "127.0.0.1", "/health/live").send().await(), 200, LIVE);
    assertAnswer(client.get(service.port(), "127.0.0.1", "/health/ready").send().await(), 503, DRAINING);
    drained.await();
  }

  private static HttpResponse<Buffer> assertAnswer(HttpResponse<Buffer> response, int status, String body) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json;charset=UTF-8");
    assertThat(response.bodyAsString()).isEqualTo(body);
    return response;
  }
}
