package authsuite.launcher;

import authsuite.common.config.ConfigException;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.ConfigProblem;
import authsuite.common.config.LoadedConfig;
import authsuite.common.config.Redacted;
import authsuite.common.config.Secrets;
import authsuite.common.config.SuiteConfig;
import authsuite.common.platform.PgPools;
import authsuite.fallback.FallbackSettingsDeclaration;
import authsuite.common.platform.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code check-config}: the start-up validation, then one attempt to reach each configured
 * dependency. A setting that is wrong and a dependency that does not answer are reported apart.
 * {@code check-config --deep} is the preflight of a deployment: it also loads every configured
 * issuer's keys, and does not stop at the first kind of problem: with settings wrong, it still
 * reaches the dependencies and issuers the rest of the configuration names, and lists everything.
 */
final class ConfigCheck {
  private static final long REACH_TIMEOUT_S = 5;

  private ConfigCheck() {
  }

  static Future<Integer> run(Vertx vertx, Map<String, String> environment, PrintStream out, PrintStream err) {
    return ConfigLoader.load(vertx, environment)
        .onSuccess(loaded -> warnMisnamed(loaded, err))
        .compose(loaded -> reachDependencies(vertx, loaded.config()).map(unreachable -> {
          if (!unreachable.isEmpty()) {
            err.println("authsuite: the configuration is valid, but " + unreachable.size() + " dependency(ies) did not answer:");
            unreachable.forEach(line -> err.println("  - " + line));
            return Launcher.EXIT_FAILED;
          }
          out.println("authsuite: configuration OK (" + summary(loaded) + ")");
          return Launcher.EXIT_OK;
        }))
        .recover(failure -> Future.succeededFuture(Launcher.report(failure, err)));
  }

  static Future<Integer> runDeep(Vertx vertx, Map<String, String> environment, PrintStream out, PrintStream err) {
    List<String> problems = new ArrayList<>();
    return ConfigLoader.load(vertx, environment)
        .recover(failure -> withSettingsAside(vertx, environment, failure, problems))
        .onSuccess(loaded -> {
          if (loaded != null) {
            warnMisnamed(loaded, err);
          }
        })
        .compose(loaded -> (loaded == null ? Future.succeededFuture(List.<String>of()) : reachEverything(vertx, loaded.config()))
            .map(unreachable -> {
              problems.addAll(unreachable);
              if (problems.isEmpty()) {
                out.println("authsuite: deep check OK (" + summary(loaded) + ", keys of "
                    + loaded.config().jwtIssuers().size() + " issuer(s) loaded)");
                return Launcher.EXIT_OK;
              }
              err.println("authsuite: check-config --deep found " + problems.size() + " problem(s):");
              problems.forEach(line -> err.println("  - " + line));
              return Launcher.EXIT_FAILED;
            }))
        .recover(failure -> Future.succeededFuture(Launcher.report(failure, err)));
  }

  /** In dev, a variable that looks like a setting without being one is a warning (prod refuses it). */
  private static void warnMisnamed(LoadedConfig loaded, PrintStream err) {
    loaded.misnamed().forEach(problem -> err.println("authsuite: warning: " + problem));
  }

  /** Records the settings' problems, then loads what is left of the configuration; null when even that fails. */
  private static Future<LoadedConfig> withSettingsAside(Vertx vertx, Map<String, String> environment, Throwable failure,
                                                        List<String> problems) {
    if (!(failure instanceof ConfigException invalid)) {
      return Future.failedFuture(failure);
    }
    invalid.problems().forEach(problem -> problems.add(Redacted.text(problem.toString())));
    return ConfigLoader.load(vertx, withoutProblems(environment, invalid.problems())).recover(still -> {
      problems.add("dependencies and issuers not checked: the settings above must be fixed first");
      return Future.succeededFuture();
    });
  }

  /**
   * The environment to reach dependencies with once its settings are known to be wrong: every setting a
   * problem names set aside (back to its default), and the secrets too, in the dev profile, which generates
   * throwaway ones: they are already reported, and reaching Redis, PostgreSQL or an issuer needs none.
   */
  private static Map<String, String> withoutProblems(Map<String, String> environment, List<ConfigProblem> problems) {
    Map<String, String> rest = new HashMap<>(environment);
    for (ConfigProblem problem : problems) {
      rest.remove(problem.name().split("[=\\[.:]", 2)[0]);
    }
    for (String secret : List.of(Secrets.JWT_SECRET_KEY, Secrets.JWT_SECRET_KEY_PREVIOUS, Secrets.SERVICE_SECRET, Secrets.EMERGENCY_SIGNING_KEY)) {
      rest.remove(secret);
      rest.remove(secret + "_FILE");
    }
    rest.put(SuiteConfig.SUITE_PROFILE, "dev");
    return rest;
  }

  private static Future<List<String>> reachEverything(Vertx vertx, SuiteConfig config) {
    Future<List<String>> dependencies = reachDependencies(vertx, config);
    Future<List<String>> issuers = IssuerProbe.unloadable(vertx, config.jwtIssuers());
    Future<List<String>> breakGlass = readBreakGlassFile(vertx, config);
    return Future.all(dependencies, issuers, breakGlass).map(all -> {
      List<String> problems = new ArrayList<>(dependencies.result());
      problems.addAll(issuers.result());
      problems.addAll(breakGlass.result());
      return problems;
    });
  }

  /** The fallback provider refuses to start on a break-glass file it cannot read: say so before it is deployed. */
  private static Future<List<String>> readBreakGlassFile(Vertx vertx, SuiteConfig config) {
    Optional<String> path = FallbackSettingsDeclaration.BREAK_GLASS_FILE.value(config);
    if (path.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String where = FallbackSettingsDeclaration.BREAK_GLASS_FILE.name() + "=" + path.get();
    return vertx.fileSystem().readFile(path.get())
        .map(content -> {
          try {
            JsonArray accounts = new JsonArray(content);
            boolean wellFormed = accounts.stream().allMatch(entry -> entry instanceof JsonObject account
                && account.getValue("username") instanceof String && account.getValue("hashed_password") instanceof String);
            return wellFormed ? List.<String>of() : List.of(where + ": every entry needs a \"username\" and a \"hashed_password\"");
          } catch (DecodeException | ClassCastException notAnArray) {
            return List.of(where + ": not a JSON array of accounts");
          }
        })
        .recover(unreadable -> Future.succeededFuture(List.of(where + ": cannot be read (" + Redacted.text(unreadable.getMessage()) + ")")));
  }

  private static Future<List<String>> reachDependencies(Vertx vertx, SuiteConfig config) {
    // attempts complete on different event loops
    List<String> unreachable = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> attempts = new ArrayList<>();
    config.redis().ifPresent(settings -> {
      Redis redis = RedisClients.create(vertx, settings);
      attempts.add(redis.send(Request.cmd(Command.PING))
          .timeout(REACH_TIMEOUT_S, TimeUnit.SECONDS)
          .onFailure(e -> unreachable.add(SuiteConfig.REDIS_URL + ": unreachable (" + Redacted.text(e.getMessage()) + ")"))
          .eventually(redis::close));
    });
    config.database().ifPresent(settings -> {
      Pool pool = PgPools.create(vertx, settings);
      attempts.add(pool.query("SELECT 1").execute()
          .timeout(REACH_TIMEOUT_S, TimeUnit.SECONDS)
          .onFailure(e -> unreachable.add(SuiteConfig.DATABASE_URL + ": unreachable (" + Redacted.text(e.getMessage()) + ")"))
          .eventually(pool::close));
    });
    return Future.join(attempts).transform(done -> Future.succeededFuture(List.copyOf(unreachable)));
  }

  private static String summary(LoadedConfig loaded) {
    SuiteConfig config = loaded.config();
    return "profile " + config.profile().name().toLowerCase()
        + (config.embedded() ? ", embedded: no REDIS_URL" : ", Redis reachable")
        + (config.database().isPresent() ? ", PostgreSQL reachable" : ", no DATABASE_URL")
        + (loaded.generatedSecrets().isEmpty() ? "" : ", dev secrets would be generated for " + String.join(", ", loaded.generatedSecrets()));
  }
}
