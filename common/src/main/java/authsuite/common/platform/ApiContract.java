package authsuite.common.platform;

import authsuite.common.SuiteService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A service's OpenAPI contract: {@code openapi/platform.yaml} (health, metrics, this document)
 * merged with the service's own {@code openapi/<service>.yaml}, both from the classpath. The
 * merged document is what requests are validated against and what {@code /openapi.yaml} serves.
 */
public record ApiContract(OpenAPIContract contract, JsonObject document, String yaml) {
  public static final String SERVICE_HEALTH_OPERATION = "getServiceHealth";

  public static String defaultResource(SuiteService service) {
    return "openapi/" + service.serviceName() + ".yaml";
  }

  public static Future<ApiContract> load(Vertx vertx, SuiteService service, String serviceResource) {
    Future<JsonObject> platform = readYaml(vertx, "openapi/platform.yaml");
    Future<JsonObject> own = readYaml(vertx, serviceResource);
    return Future.all(platform, own)
        .map(both -> merge(platform.result(), own.result(), service))
        .compose(document -> OpenAPIContract.from(vertx, document.copy())
            .map(contract -> new ApiContract(contract, document, toYaml(document))));
  }

  /** JSON is YAML: loading the encoded document yields plain maps SnakeYAML can dump. */
  private static String toYaml(JsonObject document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Object plain = new Yaml(new SafeConstructor(new LoaderOptions())).load(document.encode());
    return new Yaml(options).dump(plain);
  }

  static JsonObject merge(JsonObject platform, JsonObject own, SuiteService service) {
    JsonObject paths = platform.getJsonObject("paths").copy();
    JsonObject serviceHealth = paths.getJsonObject("/health").copy();
    serviceHealth.getJsonObject("get").put("operationId", SERVICE_HEALTH_OPERATION);
    paths.put("/api/v1/" + service.apiArea() + "/health", serviceHealth);
    own.getJsonObject("paths", new JsonObject()).forEach(path -> paths.put(path.getKey(), path.getValue()));

    JsonObject schemas = platform.getJsonObject("components").getJsonObject("schemas").copy();
    JsonObject ownComponents = own.getJsonObject("components", new JsonObject());
    ownComponents.getJsonObject("schemas", new JsonObject()).forEach(s -> schemas.put(s.getKey(), s.getValue()));

    return own.copy()
        .put("paths", paths)
        .put("components", ownComponents.copy().put("schemas", schemas));
  }

  private static Future<JsonObject> readYaml(Vertx vertx, String resource) {
    return vertx.fileSystem().readFile(resource).map(buffer -> {
      Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(buffer.toString());
      return new JsonObject(tree);
    });
  }
}
