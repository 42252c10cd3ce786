package authsuite.launcher.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The operations a service's served OpenAPI document ({@code GET /openapi.json}) declares, as far as the wall needs them. */
final class Contract {
  private Contract() {
  }

  record Operation(String service, String id, String method, String path, boolean internal, boolean takesBody,
                   Map<String, JsonObject> bodyProperties, List<String> queryParameters, List<String> headerParameters) {
    String name() {
      return service + " " + method + " " + path;
    }
  }

  static List<Operation> operations(String service, JsonObject document) {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!List.of("get", "post", "put", "delete", "patch").contains(method)) {
          continue;
        }
        operations.add(operation(service, path, method, item.getJsonObject(method)));
      }
    }
    return operations;
  }

  private static Operation operation(String service, String path, String method, JsonObject op) {
    JsonObject schema = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
        .getJsonObject("application/json", new JsonObject()).getJsonObject("schema", new JsonObject());
    Map<String, JsonObject> properties = new LinkedHashMap<>();
    schema.getJsonObject("properties", new JsonObject())
        .forEach(entry -> properties.put(entry.getKey(), (JsonObject) entry.getValue()));
    List<String> query = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    for (Object p : op.getJsonArray("parameters", new JsonArray())) {
      JsonObject parameter = (JsonObject) p;
      if ("query".equals(parameter.getString("in"))) {
        query.add(parameter.getString("name"));
      } else if ("header".equals(parameter.getString("in"))) {
        headers.add(parameter.getString("name"));
      }
    }
    boolean internal = op.getString("summary", "").startsWith("Internal.");
    return new Operation(service, op.getString("operationId"), method.toUpperCase(Locale.ROOT), path, internal,
        op.containsKey("requestBody"), properties, query, headers);
  }
}
