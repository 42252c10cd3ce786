package authsuite.session;

import authsuite.common.http.Problem;
import authsuite.common.text.Identifiers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/** The create endpoint's body, checked to the contract's rules: {user_id, email?, username?, roles?, idle_timeout_s?}. */
final class CreateRequest {
  private static final int MAX_TEXT = 256;
  private static final int MAX_ROLES = 100;
  private static final long MAX_IDLE_S = 30L * 86_400;

  private CreateRequest() {
  }

  static NewSession from(JsonObject body) {
    String userId = Identifiers.required(body, "user_id");
    String email = Identifiers.optional(body, "email");
    String username = Identifiers.optional(body, "username");
    Object roles = body.getValue("roles");
    if (roles != null && !(roles instanceof JsonArray list && list.size() <= MAX_ROLES
        && list.stream().allMatch(role -> role instanceof String text && text.length() <= MAX_TEXT))) {
      throw Problem.badRequest("invalid_request", "roles must be at most " + MAX_ROLES + " strings");
    }
    Object idle = body.getValue("idle_timeout_s");
    if (idle != null && !(idle instanceof Integer || idle instanceof Long)
        || idle != null && (((Number) idle).longValue() < 1 || ((Number) idle).longValue() > MAX_IDLE_S)) {
      throw Problem.badRequest("invalid_request", "idle_timeout_s must be a whole number of seconds from 1 to " + MAX_IDLE_S);
    }
    List<String> roleList = roles == null ? List.of() : ((JsonArray) roles).stream().map(String.class::cast).toList();
    return new NewSession(userId, email, username, roleList, idle == null ? null : Duration.ofSeconds(((Number) idle).longValue()),
        null, "create");
  }
}
