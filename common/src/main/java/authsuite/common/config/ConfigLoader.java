package authsuite.common.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One source, one precedence: environment, then {@code suite.yaml} ({@code SUITE_CONFIG}), then defaults.
 * Secrets given as {@code <NAME>_FILE} are read here, once, before any verticle starts. A variable that
 * looks like a setting without being one ({@link SettingNames}) is refused in prod and returned as a
 * warning in dev, never silently ignored.
 */
public final class ConfigLoader {
  public static final String SUITE_CONFIG = "SUITE_CONFIG";
  private static final String DEFAULT_CONFIG_FILE = "suite.yaml";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConfigLoader() {
  }

  /** Fails with a {@link ConfigException} that lists every problem. */
  public static Future<LoadedConfig> load(Vertx vertx, Map<String, String> environment) {
    JsonObject env = new JsonObject(new java.util.HashMap<>(environment));
    List<ConfigProblem> problems = new ArrayList<>();
    List<ConfigProblem> fileKeyProblems = new ArrayList<>();
    return readMerged(vertx, env, problems, fileKeyProblems)
        .compose(merged -> resolveSecretFiles(vertx, merged, problems).map(merged))
        .compose(merged -> resolveSourceSecretFiles(vertx, merged, problems).map(merged))
        .map(merged -> {
          List<ConfigProblem> misnamed = new ArrayList<>(SettingNames.misnamed(environment));
          misnamed.addAll(fileKeyProblems);
          boolean prod = "prod".equalsIgnoreCase(ConfigRules.text(merged, SuiteConfig.SUITE_PROFILE));
          if (prod) {
            problems.addAll(misnamed);
          }
          List<String> generated = generateDevSecrets(merged);
          problems.addAll(ConfigRules.check(merged));
          if (!problems.isEmpty()) {
            throw new ConfigException(problems);
          }
          return new LoadedConfig(SuiteConfig.from(merged), generated, prod ? List.of() : misnamed);
        });
  }

  private static Future<JsonObject> readMerged(Vertx vertx, JsonObject env, List<ConfigProblem> problems, List<ConfigProblem> fileKeyProblems) {
    String explicitPath = ConfigRules.text(env, SUITE_CONFIG);
    String path = explicitPath == null ? DEFAULT_CONFIG_FILE : explicitPath;
    return vertx.fileSystem().exists(path).compose(exists -> {
      if (!exists && explicitPath != null) {
        problems.add(new ConfigProblem(SUITE_CONFIG + "=" + explicitPath, "no such file"));
      }
      ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0);
      if (exists) {
        options.addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
            .setConfig(new JsonObject().put("path", path)));
      }
      options.addStore(new ConfigStoreOptions().setType("json").setConfig(env));
      ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
      return retriever.getConfig()
          .eventually(retriever::close)
          .recover(failure -> {
            problems.add(new ConfigProblem(path, "cannot be read as YAML: " + failure.getMessage()));
            return Future.succeededFuture(env.copy());
          })
          .map(ConfigLoader::liftYamlSections)
          .map(merged -> {
            if (exists) {
              // what the merge holds beyond the environment came from the file
              fileKeyProblems.addAll(SettingNames.unknownFileKeys(path, merged.fieldNames().stream().filter(key -> !env.containsKey(key)).toList()));
            }
            return merged;
          });
    });
  }

  /**
   * suite.yaml may hold issuers as {@code jwt: {issuers: [...]}} and session sources as {@code session: {sources: [...]}};
   * the environment's JWT_ISSUERS and SESSION_SOURCES win.
   */
  private static JsonObject liftYamlSections(JsonObject merged) {
    if (merged.getValue("jwt") instanceof JsonObject jwt && jwt.containsKey("issuers") && !merged.containsKey(SuiteConfig.JWT_ISSUERS)) {
      merged.put(SuiteConfig.JWT_ISSUERS, jwt.getValue("issuers"));
    }
    if (merged.getValue("session") instanceof JsonObject session && session.containsKey("sources")
        && !merged.containsKey(SessionSources.SESSION_SOURCES)) {
      merged.put(SessionSources.SESSION_SOURCES, session.getValue("sources"));
    }
    return merged;
  }

  /**
   * A session source's {@code secret_files}, read into its {@code secrets} (after any given inline, so that a
   * rotation may mix both): a framework's secret is a secret like the suite's own, and is mounted as a file the same
   * way. A file that cannot be read is named with the source; the secret itself never is.
   */
  private static Future<Void> resolveSourceSecretFiles(Vertx vertx, JsonObject merged, List<ConfigProblem> problems) {
    JsonArray sources;
    try {
      sources = SessionSources.array(merged.getValue(SessionSources.SESSION_SOURCES)).copy();
    } catch (RuntimeException unreadable) {
      return Future.succeededFuture(); // ConfigRules names it
    }
    List<Future<Void>> reads = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      if (!(sources.getValue(i) instanceof JsonObject source) || !(source.getValue("secret_files") instanceof JsonArray files)) {
        continue;
      }
      JsonArray secrets = source.getValue("secrets") instanceof JsonArray inline ? inline : new JsonArray();
      source.put("secrets", secrets);
      String where = SessionSources.SESSION_SOURCES + "[" + i + "]" + (source.getValue("name") instanceof String name ? " (" + name + ")" : "");
      List<Future<String>> contents = new ArrayList<>();
      for (Object file : files) {
        String path = String.valueOf(file);
        contents.add(vertx.fileSystem().readFile(path).map(Buffer::toString).map(String::strip)
            .recover(failure -> {
              problems.add(new ConfigProblem(where + ".secret_files " + path, describeReadFailure(failure)));
              return Future.succeededFuture("");
            }));
      }
      reads.add(Future.join(contents).<Void>map(all -> {
        for (int f = 0; f < contents.size(); f++) {
          String secret = contents.get(f).result();
          if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
          }
        }
        return null;
      }).otherwiseEmpty());
    }
    return Future.join(reads).<Void>map(v -> {
      if (!reads.isEmpty()) {
        merged.put(SessionSources.SESSION_SOURCES, sources);
      }
      return null;
    }).otherwiseEmpty();
  }

  private static Future<Void> resolveSecretFiles(Vertx vertx, JsonObject merged, List<ConfigProblem> problems) {
    List<Future<Void>> reads = new ArrayList<>();
    for (String name : Secrets.FILE_CAPABLE) {
      String path = ConfigRules.text(merged, name + "_FILE");
      if (path == null) {
        continue;
      }
      String where = name + "_FILE=" + path;
      if (ConfigRules.text(merged, name) != null) {
        problems.add(new ConfigProblem(name, "both " + name + " and " + name + "_FILE are set; keep one"));
        continue;
      }
      reads.add(vertx.fileSystem().readFile(path)
          .map(Buffer::toString)
          .map(String::strip)
          .<Void>map(secret -> {
            if (secret.isEmpty()) {
              problems.add(new ConfigProblem(where, "file is empty"));
            } else {
              merged.put(name, secret);
            }
            return null;
          })
          .recover(failure -> {
            problems.add(new ConfigProblem(where, describeReadFailure(failure)));
            return Future.succeededFuture();
          }));
    }
    return Future.join(reads).mapEmpty();
  }

  private static String describeReadFailure(Throwable failure) {
    Throwable cause = failure instanceof FileSystemException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof NoSuchFileException) {
      return "no such file";
    }
    if (cause instanceof AccessDeniedException) {
      return "cannot be read (permission denied)";
    }
    return "cannot be read (" + cause.getClass().getSimpleName() + ")";
  }

  private static List<String> generateDevSecrets(JsonObject merged) {
    String profile = ConfigRules.text(merged, SuiteConfig.SUITE_PROFILE);
    if (profile != null && !profile.equalsIgnoreCase("dev")) {
      return List.of();
    }
    List<String> generated = new ArrayList<>();
    for (String name : Secrets.REQUIRED) {
      if (ConfigRules.text(merged, name) == null && ConfigRules.text(merged, name + "_FILE") == null) {
        merged.put(name, randomSecret());
        generated.add(name);
      }
    }
    return generated;
  }

  private static String randomSecret() {
    byte[] bytes = new byte[48];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The process environment, for callers outside tests. */
  public static Map<String, String> processEnvironment() {
    return Map.copyOf(System.getenv());
  }
}
