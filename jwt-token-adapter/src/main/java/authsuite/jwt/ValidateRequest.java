package authsuite.jwt;

import authsuite.common.http.BearerToken;
import authsuite.common.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/v1/jwt/validate}, checked by hand to the contract's rules: an
 * optional JSON object with a string {@code token} (else the bearer header), a string
 * {@code audience} and at most 50 string {@code required_roles}.
 */
record ValidateRequest(String token, String audience, List<String> requiredRoles) {
  private static final int MAX_ROLES = 50;

  static Future<ValidateRequest> from(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body() == null || ctx.body().length() <= 0 ? new JsonObject() : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(Problem.badRequest("malformed_json", "the request body is not a JSON object"));
    }
    if (body == null) {
      return Future.failedFuture(Problem.badRequest("malformed_json", "the request body is not a JSON object"));
    }
    if (ctx.body() != null && ctx.body().length() > 0 && !isJson(ctx.request().getHeader("Content-Type"))) {
      return Future.failedFuture(new Problem(415, "unsupported_media_type", "send application/json"));
    }
    Object token = body.getValue("token");
    Object audience = body.getValue("audience");
    Object roles = body.getValue("required_roles");
    if ((token != null && !(token instanceof String)) || (audience != null && !(audience instanceof String))) {
      return Future.failedFuture(Problem.badRequest("invalid_request", "token and audience must be strings"));
    }
    List<String> required = new ArrayList<>();
    if (roles != null) {
      if (!(roles instanceof JsonArray list) || list.size() > MAX_ROLES || !list.stream().allMatch(String.class::isInstance)) {
        return Future.failedFuture(Problem.badRequest("invalid_request", "required_roles must be at most " + MAX_ROLES + " strings"));
      }
      list.forEach(role -> required.add((String) role));
    }
    return Future.succeededFuture(new ValidateRequest(token != null ? (String) token : BearerToken.of(ctx), (String) audience, required));
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.regionMatches(true, 0, "application/json", 0, "application/json".length());
  }
}
