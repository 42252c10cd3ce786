package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigException;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.SettingNames;
import authsuite.common.config.SuiteConfig;
import authsuite.common.platform.ApiContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the code says a deployment must look like, for the drift tests: the health paths each service's
 * contract serves, the configuration names the suite knows, and whether an environment passes start-up
 * validation. The deployment files are read from the repository root.
 */
final class DeploymentContract {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The page that documents every setting in its tables (moved there from the README's Configuration section). */
  static final String CONFIGURATION_PAGE = "docs/configuration.md";
  /** The page that tells how to deploy the suite, the secrets it needs included. */
  static final String DEPLOY_PAGE = "docs/deploy.md";
  private static final Pattern DOCUMENTED_NAME = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

  private DeploymentContract() {
  }

  static Object yaml(String relativePath) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(read(relativePath));
  }

  static List<Object> yamlDocuments(String relativePath) {
    List<Object> documents = new ArrayList<>();
    new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(relativePath)).forEach(documents::add);
    return documents;
  }

  static String read(String relativePath) {
    try {
      return Files.readString(ROOT.resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path the service's contract serves under an operation id ({@code getLiveness}, {@code getReadiness}). */
  static String pathOf(Vertx vertx, SuiteService service, String operationId) {
    JsonObject paths = ApiContract.load(vertx, service, ApiContract.defaultResource(service)).await().document().getJsonObject("paths");
    return paths.fieldNames().stream()
        .filter(path -> paths.getJsonObject(path).getJsonObject("get") != null
            && operationId.equals(paths.getJsonObject(path).getJsonObject("get").getString("operationId")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(service.serviceName() + "'s contract has no GET " + operationId));
  }

  /**
   * Every configuration name the suite reads: {@link SettingNames#known()} (the names start-up checks
   * variables against), and every name docs/configuration.md documents.
   */
  static Set<String> knownNames() {
    Set<String> names = new TreeSet<>(SettingNames.known());
    String configuration = read(CONFIGURATION_PAGE);
    Matcher documented = DOCUMENTED_NAME.matcher(configuration);
    while (documented.find()) {
      names.add(documented.group(1));
    }
    return names;
  }

  /**
   * Runs the start-up validation on a deployment's environment. Secret files named by {@code *_FILE} are
   * replaced by temporary files holding a value of the right form ({@code filler} by the secret's name),
   * so the check is about the names and values the deployment sets, not about files on this machine.
   */
  static List<String> validationProblems(Vertx vertx, Map<String, String> environment, Path scratch) {
    Map<String, String> resolved = new HashMap<>();
    try {
      for (Map.Entry<String, String> entry : environment.entrySet()) {
        String name = entry.getKey();
        if (name.endsWith("_FILE")) {
          String secret = name.substring(0, name.length() - "_FILE".length());
          Path file = Files.writeString(scratch.resolve(secret), filler(secret));
          resolved.put(name, file.toString());
        } else {
          resolved.put(name, entry.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ConfigLoader.load(vertx, resolved).await();
      return List.of();
    } catch (ConfigException invalid) {
      return invalid.problems().stream().map(Object::toString).toList();
    }
  }

  private static String filler(String secret) {
    return switch (secret) {
      case SuiteConfig.REDIS_URL -> "redis://:password@redis:6379";
      case SuiteConfig.DATABASE_URL -> "postgresql://authsuite:password@postgres:5432/authsuite";
      default -> secret.toLowerCase() + "-a-placeholder-long-enough-for-hs256-0123456789";
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }
}
