package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.RawHttp;
import authsuite.common.testing.TestRedis;
import authsuite.launcher.SuiteRunner.RunningService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All five services as the launcher runs them (its Vert.x, with its metrics), on the test Redis under a key
 * prefix of their own, for tests that ask every service the same question. Close it to stop them.
 */
final class RunningSuite implements AutoCloseable {
  static final String PROBLEM = "application/problem+json";

  private final Vertx vertx;
  private final String keyPrefix;
  private final List<RunningService> services;
  private final WebClient client;

  private RunningSuite(Vertx vertx, String keyPrefix, List<RunningService> services) {
    this.vertx = vertx;
    this.keyPrefix = keyPrefix;
    this.services = services;
    this.client = WebClient.create(vertx);
  }

  static RunningSuite start() {
    Vertx vertx = Launcher.metricsEnabledVertx();
    String keyPrefix = TestRedis.uniqueKeyPrefix();
    Map<String, String> env = new HashMap<>();
    for (SuiteService service : SuiteService.values()) {
      env.put(service.portVariable(), "0");
    }
    env.put(SuiteConfig.REDIS_URL, TestRedis.url());
    env.put(SuiteConfig.REDIS_KEY_PREFIX, keyPrefix);
    return new RunningSuite(vertx, keyPrefix, SuiteRunner.start(vertx, env, List.of()).await());
  }

  List<RunningService> services() {
    return services;
  }

  WebClient client() {
    return client;
  }

  int port(SuiteService service) {
    return services.stream().filter(r -> r.service() == service).findFirst().orElseThrow().port();
  }

  /** {@code GET target} on a connection of its own, closed after the answer. */
  static RawHttp.Answer get(int port, String target) {
    return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  static void assertProblem(String what, RawHttp.Answer answer, int status, String code) {
    assertThat(answer.status()).as(what).isEqualTo(status);
    assertThat(answer.header("Content-Type")).as(what).isEqualTo(PROBLEM);
    assertThat(answer.json().getString("code")).as(what).isEqualTo(code);
    assertThat(answer.json().getInteger("status")).as(what).isEqualTo(status);
  }

  @Override
  public void close() {
    TestRedis.deleteKeys(vertx, TestRedis.url(), keyPrefix).otherwiseEmpty().await();
    vertx.close().await();
  }
}
