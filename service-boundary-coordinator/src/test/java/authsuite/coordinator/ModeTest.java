package authsuite.coordinator;

import authsuite.common.config.SuiteConfig;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.ModeChange;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.TestClock;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The mode follows the primary auth service's probes with hysteresis, and drills force it for a while")
class ModeTest {
  private static final long MODE_PATIENCE_MS = (CoordinatorFixture.MODE_FAIL_ROUNDS + 2) * CoordinatorFixture.INTERVAL_MS
      + CoordinatorFixture.TIMEOUT_MS + 1_000;
  /** Recovery waits for the primary's open circuit to let a probe through first; the issue sets no bound for it. */
  private static final long RECOVERY_PATIENCE_MS = CoordinatorFixture.CIRCUIT_RESET_MS + MODE_PATIENCE_MS + 2_000;
  private CoordinatorFixture fixture;
  private AuthEventChannel events;
  private final LinkedBlockingQueue<ModeChange> modeEvents = new LinkedBlockingQueue<>();
  private final TestClock clock = new TestClock();
  private HttpServer primaryAuth;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    events = AuthEventChannel.redis(vertx, fixture.redis, new RedisOptions().setConnectionString(TestRedis.url()),
        fixture.prefix + "auth-events");
    events.subscribe(event -> ModeChange.from(event).ifPresent(modeEvents::add)).await();
    fixture.registerHealthyPeers();
    primaryAuth = fixture.healthyPeer(0);
    fixture.start(fixture.config().put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + primaryAuth.actualPort()), clock);
  }

  @AfterEach
  void stop() {
    events.close().await();
    fixture.close();
  }

  @Test
  @DisplayName("stopping the primary auth stand-in degrades the mode after the window (event + Redis key); its return restores normal")
  void primaryAuthOutage() throws Exception {
    JsonObject report = fixture.integration();
    assertThat(report.getString("mode")).isEqualTo("normal");
    assertThat(report.getJsonObject("dependencies").getJsonObject("primary_auth").getString("status")).isEqualTo("healthy");
    int port = primaryAuth.actualPort();

    primaryAuth.close().await();
    report = fixture.awaitReport(r -> "degraded".equals(r.getString("mode")), MODE_PATIENCE_MS, "degraded mode");
    assertThat(report.getString("mode_reason")).contains("primary auth service failing");
    assertThat(report.getString("status")).isEqualTo("degraded");
    ModeChange degraded = modeEvents.poll(2, TimeUnit.SECONDS);
    assertThat(degraded).isNotNull();
    assertThat(degraded.mode()).isEqualTo("degraded");
    assertThat(degraded.previous()).isEqualTo("normal");
    assertThat(degraded.forced()).isFalse();
    assertThat(storedMode().getString("mode")).isEqualTo("degraded");

    fixture.healthyPeer(port);
    fixture.awaitReport(r -> "normal".equals(r.getString("mode")), RECOVERY_PATIENCE_MS, "normal mode again");
    ModeChange normal = modeEvents.poll(2, TimeUnit.SECONDS);
    assertThat(normal).isNotNull();
    assertThat(normal.mode()).isEqualTo("normal");
    assertThat(storedMode().getString("mode")).isEqualTo("normal");
  }

  @Test
  @DisplayName("one lost probe changes nothing: the mode degrades only after the configured number of failed rounds")
  void noFlapOnOneLostProbe(Vertx vertx) throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(1);
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger probed = new AtomicInteger();
    HttpServer flaky = vertx.createHttpServer().requestHandler(request -> {
      probed.incrementAndGet();
      boolean fail = failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
      if (fail) {
        failed.incrementAndGet();
      }
      request.response().setStatusCode(fail ? 503 : 200).end();
    }).listen(0, "127.0.0.1").await();
    CoordinatorFixture other = new CoordinatorFixture(vertx);
    other.registerHealthyPeers();
    other.start(other.config().put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + flaky.actualPort()));
    try {
      // enough probe rounds to switch the mode, had one failure counted for more: each round probes the stand-in once,
      // and the round after the last counted one has built its report once the probe after it has arrived
      int rounds = CoordinatorFixture.MODE_FAIL_ROUNDS + 3;
      Eventually.until(vertx, rounds + " probe rounds of the primary auth stand-in", () -> probed.get() > rounds, Duration.ofSeconds(30));

      assertThat(failed.get()).as("probes the stand-in failed").isEqualTo(1);
      assertThat(other.integration().getString("mode")).isEqualTo("normal");
      assertThat(other.integration().getJsonObject("dependencies").getJsonObject("primary_auth").getString("status")).isEqualTo("healthy");
    } finally {
      other.close();
      flaky.close().await();
    }
  }

  @Test
  @DisplayName("a drill forces the mode until it expires, then the probed mode returns; {\"mode\": null} ends it early")
  void drill() throws Exception {
    HttpResponse<Buffer> forced = fixture.internalPost("/api/v1/coordinator/mode",
        new JsonObject().put("mode", "emergency").put("expires_in_s", 1));
    assertThat(forced.statusCode()).isEqualTo(200);
    assertThat(forced.bodyAsJsonObject().getJsonObject("mode").getString("mode")).isEqualTo("emergency");
    assertThat(forced.bodyAsJsonObject().getJsonObject("mode").getBoolean("forced")).isTrue();
    assertThat(fixture.integration().getString("mode")).isEqualTo("emergency");
    ModeChange event = modeEvents.poll(2, TimeUnit.SECONDS);
    assertThat(event.mode()).isEqualTo("emergency");
    assertThat(event.forced()).isTrue();
    assertThat(event.expiresAt()).isNotNull();

    clock.advance(Duration.ofSeconds(2));
    fixture.awaitReport(r -> "normal".equals(r.getString("mode")), 3 * CoordinatorFixture.INTERVAL_MS, "the drill to expire");
    assertThat(modeEvents.poll(2, TimeUnit.SECONDS).mode()).isEqualTo("normal");

    fixture.internalPost("/api/v1/coordinator/mode", new JsonObject().put("mode", "degraded").put("expires_in_s", 600));
    assertThat(fixture.integration().getString("mode")).isEqualTo("degraded");
    HttpResponse<Buffer> ended = fixture.internalPost("/api/v1/coordinator/mode", new JsonObject().putNull("mode"));
    assertThat(ended.statusCode()).isEqualTo(200);
    assertThat(fixture.integration().getString("mode")).isEqualTo("normal");
  }

  @Test
  @DisplayName("a drill started through one coordinator instance holds on another, and ending it there ends it everywhere")
  void drillAcrossInstances() {
    CoordinatorVerticle second = fixture.coordinator;
    CoordinatorVerticle first = TestServices.start(fixture.vertx, new CoordinatorVerticle(),
        fixture.config().put(SuiteConfig.PRIMARY_AUTH_URL, "http://127.0.0.1:" + primaryAuth.actualPort())).await();
    fixture.coordinator = first;
    fixture.integration();  // its first round has subscribed it to the events

    fixture.internalPost("/api/v1/coordinator/mode", new JsonObject().put("mode", "degraded").put("expires_in_s", 600));
    fixture.coordinator = second;
    JsonObject report = fixture.awaitReport(r -> "degraded".equals(r.getString("mode")), 2_000, "the drill on the other instance");
    assertThat(report.getString("mode_reason")).contains("forced for a drill");

    fixture.internalPost("/api/v1/coordinator/mode", new JsonObject().putNull("mode"));
    fixture.coordinator = first;
    fixture.awaitReport(r -> "normal".equals(r.getString("mode")), 2_000, "the drill ended on the first instance too");
  }

  @Test
  @DisplayName("the mode endpoint refuses callers without an internal token (401) and bad modes or expiries (400)")
  void modeEndpointGuards() {
    var anonymous = fixture.client.post(fixture.coordinator.port(), "127.0.0.1", "/api/v1/coordinator/mode")
        .sendJsonObject(new JsonObject().put("mode", "degraded")).await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).startsWith("application/problem+json");

    for (Object body : new Object[] {new JsonObject().put("mode", "panic"), new JsonObject().put("mode", 7),
        new JsonObject().put("mode", "degraded").put("expires_in_s", 0), new JsonObject().put("mode", "degraded").put("expires_in_s", "soon"),
        new JsonObject().put("mode", "degraded").put("expires_in_s", 10_000_000), new JsonObject(), "{not json", "[1,2]"}) {
      HttpResponse<Buffer> refused = fixture.internalPost("/api/v1/coordinator/mode", body);
      assertThat(refused.statusCode()).as("answer to %s", body).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("code")).isNotBlank();
    }
    assertThat(fixture.integration().getString("mode")).isEqualTo("normal");
  }

  private JsonObject storedMode() {
    Response stored = fixture.redis.send(Request.cmd(Command.GET, ModeChange.redisKey(fixture.prefix))).await();
    return new JsonObject(stored.toBuffer());
  }
}
