package authsuite.session;

import authsuite.common.http.Problem;
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
    String userId = text(body, "user_id", true);
    String email = text(body, "email", false);
    String username = text(body, "username", false);
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

  private static String text(JsonObject body, String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > MAX_TEXT) {
      throw Problem.badRequest("invalid_request", field + " must be a non-empty string of at most " + MAX_TEXT + " characters");
    }
    return text;
  }
}
