package authsuite.common.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A request's JSON object body, as handlers behind the contract read it. */
public final class JsonBody {
  private JsonBody() {
  }

  /**
   * The contract has checked the shape of a body that is there; an absent or JSON-null body reads as
   * empty, and anything that is not a JSON object is 400 {@code malformed_json}.
   */
  public static JsonObject of(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) {
      return new JsonObject();
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException notAnObject) {
      throw Problem.badRequest("malformed_json", "the request body is not a JSON object");
    }
    return body == null ? new JsonObject() : body;
  }
}
