package authsuite.session;

import authsuite.common.http.Problem;
import authsuite.common.jwt.ClaimMapping;
import authsuite.common.jwt.Identity;
import authsuite.common.jwt.NumericDate;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A session in one of the foreign shapes the normalizer understands, read into the canonical session:
 * <ul>
 *   <li>{@code legacy}: flat JSON {@code {userId, email?, username?, roles?, expiry}} with expiry in epoch millis;</li>
 *   <li>{@code express_session}: {@code {cookie: {expires | originalMaxAge}, passport: {user}}}, where
 *       {@code passport.user} is an id or an object with {@code id} and optional email, username, roles;</li>
 *   <li>{@code jwt_claims}: a JWT's claims (already verified by the caller) with a user claim and {@code exp}.</li>
 * </ul>
 * A shape with missing or mistyped fields is a 400 that names them.
 */
record ForeignSession(String shape, String userId, String email, String username, List<String> roles, Instant expiresAt,
                      Instant issuedAt, String issuer, String source) {
  static final List<String> SHAPES = List.of("legacy", "express_session", "jwt_claims");
  private static final ClaimMapping CLAIMS = ClaimMapping.defaults();

  static ForeignSession read(JsonObject session, String declaredShape, Instant now) {
    String shape = declaredShape != null ? declaredShape : shapeOf(session);
    try {
      return readAs(shape, session, now);
    } catch (java.time.DateTimeException | ArithmeticException outOfRange) {
      throw Problem.badRequest("invalid_session", "a time in this " + shape + " session is out of range");
    }
  }

  private static ForeignSession readAs(String shape, JsonObject session, Instant now) {
    return switch (shape) {
      case "legacy" -> legacy(session);
      case "express_session" -> express(session, now);
      case "jwt_claims" -> jwtClaims(session);
      default -> throw Problem.badRequest("unknown_session_shape", "not a known session shape: send a legacy session"
          + " (userId, expiry), an express-session record (cookie.expires or cookie.originalMaxAge, passport.user)"
          + " or JWT claims (sub, exp), or name the shape in 'format' (" + String.join(", ", SHAPES) + ")");
    };
  }

  JsonObject toJson(Instant now) {
    return new Identity(userId, userId, email, username, roles, List.of(), null, issuer, List.of(), issuedAt, expiresAt,
        "session", source, false).toSessionJson(issuedAt, now);
  }

  NewSession toNewSession() {
    return new NewSession(userId, email, username, roles, null, expiresAt, shape);
  }

  private static String shapeOf(JsonObject session) {
    if (session.containsKey("userId") || session.containsKey("expiry")) {
      return "legacy";
    }
    if (session.containsKey("cookie") || session.containsKey("passport")) {
      return "express_session";
    }
    if (session.containsKey("sub") || session.containsKey("exp") || session.containsKey("iss")) {
      return "jwt_claims";
    }
    return "unknown";
  }

  private static ForeignSession legacy(JsonObject session) {
    Fields fields = new Fields("legacy session");
    String userId = fields.id(session.getValue("userId"), "userId");
    Long expiry = fields.number(session.getValue("expiry"), "expiry");
    String email = fields.optionalText(session.getValue("email"), "email");
    String username = fields.optionalText(session.getValue("username"), "username");
    List<String> roles = fields.roles(session.getValue("roles"), "roles");
    fields.throwIfMissing();
    return new ForeignSession("legacy", userId, email, username, roles, Instant.ofEpochMilli(expiry), null, "legacy", "legacy");
  }

  private static ForeignSession express(JsonObject session, Instant now) {
    Fields fields = new Fields("express-session record");
    Object cookieValue = session.getValue("cookie");
    JsonObject cookie = cookieValue instanceof JsonObject object ? object : new JsonObject();
    if (cookieValue != null && !(cookieValue instanceof JsonObject)) {
      fields.wrong("cookie");
    }
    Instant expiresAt = null;
    if (cookie.getValue("expires") != null) {
      expiresAt = fields.instant(cookie.getValue("expires"), "cookie.expires");
    } else if (cookie.getValue("originalMaxAge") != null) {
      Long maxAge = fields.number(cookie.getValue("originalMaxAge"), "cookie.originalMaxAge");
      expiresAt = maxAge == null ? null : now.plusMillis(maxAge);
    } else {
      fields.missing("cookie.expires or cookie.originalMaxAge");
    }
    Object user = session.getValue("passport") instanceof JsonObject passport ? passport.getValue("user") : null;
    JsonObject profile = user instanceof JsonObject object ? object : new JsonObject();
    String userId = fields.id(user instanceof JsonObject ? profile.getValue("id") : user, user instanceof JsonObject ? "passport.user.id" : "passport.user");
    String email = fields.optionalText(profile.getValue("email"), "passport.user.email");
    String username = fields.optionalText(profile.getValue("username"), "passport.user.username");
    List<String> roles = fields.roles(profile.getValue("roles"), "passport.user.roles");
    fields.throwIfMissing();
    return new ForeignSession("express_session", userId, email, username, roles, expiresAt, null, "express-session", "legacy");
  }

  private static ForeignSession jwtClaims(JsonObject claims) {
    Fields fields = new Fields("set of JWT claims");
    Identity identity;
    try {
      identity = CLAIMS.identity(claims, claims.getValue("iss") instanceof String iss ? iss : null, "jwt");
    } catch (RuntimeException unreadable) {
      throw Problem.badRequest("invalid_session", "the JWT claims cannot be read: " + unreadable.getMessage());
    }
    // no identity: the claims name no user (docs/threat-model.md, "a missing user is not a user")
    if (identity == null) {
      fields.missing("sub (or user_id, uid)");
    }
    if (claims.getValue("exp") == null) {
      fields.missing("exp");
    } else if (NumericDate.read(claims.getValue("exp")) == null) {
      fields.wrong("exp"); // docs/robustness.md, "numeric claims"
    }
    fields.throwIfMissing();
    return new ForeignSession("jwt_claims", identity.userId(), identity.email(), identity.username(), identity.roles(),
        identity.expiresAt(), identity.issuedAt(), identity.issuer(), "jwt");
  }

  /** Collects every missing or mistyped field of one shape, so that a 400 names them all at once. */
  private static final class Fields {
    private final String shape;
    private final List<String> missing = new ArrayList<>();
    private final List<String> wrong = new ArrayList<>();

    Fields(String shape) {
      this.shape = shape;
    }

    void missing(String field) {
      missing.add(field);
    }

    void wrong(String field) {
      wrong.add(field);
    }

    String id(Object value, String field) {
      if (value == null || (value instanceof String text && text.isBlank())) {
        missing(field);
        return null;
      }
      if (value instanceof String text && text.length() <= 256) {
        return text;
      }
      if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
        return String.valueOf(number.longValue());
      }
      wrong(field);
      return null;
    }

    Long number(Object value, String field) {
      if (value == null) {
        missing(field);
        return null;
      }
      // milliseconds: up to 10^13 is the year 2286 as an epoch time, and three centuries as a max-age
      if (value instanceof Number number && number.longValue() >= 0 && number.longValue() <= 10_000_000_000_000L) {
        return number.longValue();
      }
      wrong(field);
      return null;
    }

    Instant instant(Object value, String field) {
      try {
        return Instant.parse((String) value);
      } catch (ClassCastException | DateTimeParseException e) {
        wrong(field);
        return null;
      }
    }

    String optionalText(Object value, String field) {
      if (value == null || value instanceof String) {
        return (String) value;
      }
      wrong(field);
      return null;
    }

    List<String> roles(Object value, String field) {
      if (value == null) {
        return List.of();
      }
      if (value instanceof String text) {
        return List.of(text.split("\\s*,\\s*")).stream().filter(role -> !role.isEmpty()).toList();
      }
      if (value instanceof JsonArray array && array.size() <= 100 && array.stream().allMatch(String.class::isInstance)) {
        return array.stream().map(String.class::cast).toList();
      }
      wrong(field);
      return List.of();
    }

    void throwIfMissing() {
      if (missing.isEmpty() && wrong.isEmpty()) {
        return;
      }
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) {
        parts.add("missing fields: " + String.join(", ", missing));
      }
      if (!wrong.isEmpty()) {
        parts.add("fields of the wrong type: " + String.join(", ", wrong));
      }
      throw Problem.badRequest("invalid_session", "not a valid " + shape + "; " + String.join("; ", parts));
    }
  }
}
