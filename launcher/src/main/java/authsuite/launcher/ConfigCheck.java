package authsuite.launcher;

import authsuite.common.config.ConfigLoader;
import authsuite.common.config.SuiteConfig;
import authsuite.common.platform.PgPools;
import authsuite.common.platform.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code check-config}: the start-up validation, then one attempt to reach each configured
 * dependency. A setting that is wrong and a dependency that does not answer are reported apart.
 */
final class ConfigCheck {
  private static final long REACH_TIMEOUT_S = 5;

  private ConfigCheck() {
  }

  static Future<Integer> run(Vertx vertx, Map<String, String> environment, PrintStream out, PrintStream err) {
    return ConfigLoader.load(vertx, environment)
        .compose(loaded -> reachDependencies(vertx, loaded.config()).map(unreachable -> {
          if (!unreachable.isEmpty()) {
            err.println("authsuite: the configuration is valid, but " + unreachable.size() + " dependency(ies) did not answer:");
            unreachable.forEach(line -> err.println("  - " + line));
            return Launcher.EXIT_FAILED;
          }
          SuiteConfig config = loaded.config();
          out.println("authsuite: configuration OK (profile " + config.profile().name().toLowerCase()
              + (config.embedded() ? ", embedded: no REDIS_URL" : ", Redis reachable")
              + (config.database().isPresent() ? ", PostgreSQL reachable" : ", no DATABASE_URL")
              + (loaded.generatedSecrets().isEmpty() ? "" : ", dev secrets would be generated for " + String.join(", ", loaded.generatedSecrets()))
              + ")");
          return Launcher.EXIT_OK;
        }))
        .recover(failure -> Future.succeededFuture(Launcher.report(failure, err)));
  }

  private static Future<List<String>> reachDependencies(Vertx vertx, SuiteConfig config) {
    List<String> unreachable = new ArrayList<>();
    List<Future<?>> attempts = new ArrayList<>();
    config.redis().ifPresent(settings -> {
      Redis redis = RedisClients.create(vertx, settings);
      attempts.add(redis.send(Request.cmd(Command.PING))
          .timeout(REACH_TIMEOUT_S, TimeUnit.SECONDS)
          .onFailure(e -> unreachable.add(SuiteConfig.REDIS_URL + ": unreachable (" + e.getMessage() + ")"))
          .eventually(redis::close));
    });
    config.database().ifPresent(settings -> {
      Pool pool = PgPools.create(vertx, settings);
      attempts.add(pool.query("SELECT 1").execute()
          .timeout(REACH_TIMEOUT_S, TimeUnit.SECONDS)
          .onFailure(e -> unreachable.add(SuiteConfig.DATABASE_URL + ": unreachable (" + e.getMessage() + ")"))
          .eventually(pool::close));
    });
    return Future.join(attempts).transform(done -> Future.succeededFuture(unreachable));
  }
}
