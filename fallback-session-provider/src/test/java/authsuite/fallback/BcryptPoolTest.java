package authsuite.fallback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("bcrypt checks wait in a bounded queue: beyond it 503 fallback_busy, and those attempts are audited too")
class BcryptPoolTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
    // one worker, room for one check, and a dummy hash slow enough (cost 12) that concurrent attempts overlap
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true").put("FALLBACK_BCRYPT_WORKERS", "1")
        .put("FALLBACK_BCRYPT_QUEUE", "1").put("FALLBACK_BCRYPT_COST", "12").put("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", "100"));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("10 sign-ins at once for unknown users: one is checked, the others are 503 with Retry-After; 10 audit rows")
  void boundedQueue() {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(fixture.client.post(fixture.service.port(), "127.0.0.1", "/api/v1/fallback/emergency-auth")
          .sendJsonObject(new JsonObject().put("username", "ghost-" + i).put("password", "guess")));
    }
    Future.join(sent).await();

    List<Integer> statuses = sent.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).contains(401, 503).containsOnly(401, 503);
    HttpResponse<Buffer> busy = sent.stream().map(Future::result).filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
    assertThat(busy.bodyAsJsonObject().getString("code")).isEqualTo("fallback_busy");
    assertThat(busy.getHeader("Retry-After")).isNotBlank();
    assertThat(fixture.auditRows()).hasSize(10);
    assertThat(fixture.auditRows().stream().filter(r -> "fallback_busy".equals(r.getString("outcome"))))
        .hasSize((int) statuses.stream().filter(s -> s == 503).count());
  }
}
