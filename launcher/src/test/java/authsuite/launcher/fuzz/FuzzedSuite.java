package authsuite.launcher.fuzz;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.launcher.SuiteRunner;
import authsuite.launcher.SuiteRunner.RunningService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The whole suite in this JVM, on real Redis and PostgreSQL and random ports, with an echoing chat upstream behind the gateway. */
final class FuzzedSuite {
  private final String prefix = TestRedis.uniqueKeyPrefix();
  private final String schema = TestPostgres.uniqueSchema();
  private final Vertx client;
  private final Vertx suite = Vertx.vertx();
  private HttpServer chat;
  private Map<SuiteService, Integer> ports;

  FuzzedSuite(Vertx client) {
    this.client = client;
  }

  FuzzedSuite start(Path dir) {
    TestPostgres.pool(client, schema).compose(pool -> pool.close()).await();
    chat = client.createHttpServer().webSocketHandler(ws -> ws.frameHandler(ws::writeFrame)).listen(0, "127.0.0.1").await();
    Map<String, String> env = new HashMap<>();
    TestServices.redisConfig(prefix).forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    env.put(SuiteConfig.DATABASE_URL, TestPostgres.url());
    env.put(SuiteConfig.DATABASE_SCHEMA, schema);
    env.put(SuiteConfig.CHAT_UPSTREAM_URL, "ws://127.0.0.1:" + chat.actualPort() + "/chat");
    env.put("FALLBACK_BCRYPT_COST", "4");
    env.put("FALLBACK_AUDIT_FILE", dir.resolve("fallback-audit.jsonl").toString());
    List<RunningService> running = SuiteRunner.start(suite, env, List.of()).await();
    ports = running.stream().collect(Collectors.toMap(RunningService::service, RunningService::port));
    return this;
  }

  int port(SuiteService service) {
    return ports.get(service);
  }

  void stop() {
    suite.close().await();
    if (chat != null) {
      chat.close().await();
    }
    TestRedis.deleteKeys(client, TestRedis.url(), prefix).await();
    TestPostgres.dropSchema(client, schema).await();
  }
}
