package authsuite.launcher.demo;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The one demo account of the development stand-ins: the same name, email and password as the demo user
 * that deploy/postgres/init seeds for docker-compose, so the README gives one set of credentials.
 */
public record DemoUser(String userId, String username, String email, String password, String passwordHash) {
  static final String USERNAME = "demo";
  static final String EMAIL = "demo@example.com";
  static final String PASSWORD = "demo-password-change-me";
  /** Same id as the first row of the compose users table. */
  static final String USER_ID = "1";

  /** Hashes the password: CPU work, so callers run it off the event loop. */
  static DemoUser hashed(int cost) {
    String hash = new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(cost, PASSWORD.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.US_ASCII);
    return new DemoUser(USER_ID, USERNAME, EMAIL, PASSWORD, hash);
  }

  boolean matches(String identifier) {
    return username.equals(identifier) || email.equals(identifier);
  }

  /** The fallback provider's break-glass users file holding just this user. */
  JsonArray breakGlassFile() {
    return new JsonArray().add(new JsonObject().put("username", username).put("email", email).put("user_id", userId)
        .put("hashed_password", passwordHash));
  }
}
