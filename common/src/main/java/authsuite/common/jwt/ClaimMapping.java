package authsuite.common.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims to the normalized identity, per issuer. The defaults understand the common shapes
 * (PyJWT-style primary tokens, Keycloak, Cognito, Auth0, Entra); an issuer's {@code claims}
 * setting overrides them field by field with a dotted path or a list of paths.
 */
public final class ClaimMapping {
  private static final List<String> USER_ID = List.of("sub", "user_id", "uid");
  private static final List<String> USERNAME = List.of("preferred_username", "username", "name", "cognito:username");
  private static final List<String> ROLES = List.of("roles", "realm_access.roles", "groups", "cognito:groups", "permissions");
  private static final List<String> SESSION = List.of("sid", "session_id");
  /** Dotted paths split once: they come from configuration, and at() runs on every verified token. */
  private static final Map<String, String[]> DOTTED = new ConcurrentHashMap<>();

  private final List<String> userId;
  private final List<String> email;
  private final List<String> username;
  private final List<String> roles;
  private final List<String> scopes;
  private final List<String> sessionId;

  private ClaimMapping(JsonObject overrides) {
    this.userId = paths(overrides, "user_id", USER_ID);
    this.email = paths(overrides, "email", List.of("email"));
    this.username = paths(overrides, "username", USERNAME);
    this.roles = paths(overrides, "roles", ROLES);
    this.scopes = paths(overrides, "scopes", List.of("scope", "scp"));
    this.sessionId = paths(overrides, "session_id", SESSION);
  }

  public static ClaimMapping defaults() {
    return new ClaimMapping(new JsonObject());
  }

  public static ClaimMapping withOverrides(JsonObject overrides) {
    return new ClaimMapping(overrides == null ? new JsonObject() : overrides);
  }

  /**
   * The identity the claims state, or null when they name no user (docs/threat-model.md, "a missing
   * user is not a user"): the first user-id claim present must be a non-empty string or a whole
   * number (PyJWT's numeric {@code user_id}), and a {@code sub} present must be one too; an absent,
   * empty, fractional, boolean, array or object user claim makes the token malformed.
   */
  public Identity identity(JsonObject claims, String issuer, String source) {
    String user = userIdOf(claims, userId);
    Object sub = claims.getValue("sub");
    String subject = sub == null ? user : idText(sub);
    if (user == null || subject == null) {
      return null;
    }
    List<String> audience = strings(claims.getValue("aud"));
    Set<String> roleSet = null;
    for (int i = 0; i < roles.size(); i++) {
      roleSet = union(roleSet, strings(at(claims, roles.get(i))));
    }
    roleSet = union(roleSet, clientRoles(claims, audience));
    Set<String> scopeSet = null;
    for (int i = 0; i < scopes.size(); i++) {
      scopeSet = union(scopeSet, spaceSeparated(at(claims, scopes.get(i))));
    }
    return new Identity(user, subject,
        firstText(claims, email), firstText(claims, username), listOf(roleSet), listOf(scopeSet),
        firstText(claims, sessionId), issuer, audience, instant(claims, "iat"), instant(claims, "exp"),
        tokenType(claims), source, false);
  }

  /** The set with the items added, made only once there is one to add: most tokens carry no roles or scopes. */
  private static Set<String> union(Set<String> set, List<String> items) {
    if (items.isEmpty()) {
      return set;
    }
    Set<String> union = set != null ? set : new LinkedHashSet<>();
    union.addAll(items);
    return union;
  }

  private static List<String> listOf(Set<String> set) {
    return set == null ? List.of() : List.copyOf(set);
  }

  /** Keycloak's per-client roles, for the client the token was issued to or meant for only. */
  private static List<String> clientRoles(JsonObject claims, List<String> audience) {
    if (!(claims.getValue("resource_access") instanceof JsonObject clients)) {
      return List.of();
    }
    List<String> roles = new ArrayList<>();
    Set<String> forClients = new LinkedHashSet<>(audience);
    if (claims.getValue("azp") instanceof String azp) {
      forClients.add(azp);
    }
    for (String client : forClients) {
      if (clients.getValue(client) instanceof JsonObject access) {
        roles.addAll(strings(access.getValue("roles")));
      }
    }
    return roles;
  }

  private static String tokenType(JsonObject claims) {
    Object type = claims.getValue("token_type", claims.getValue("type"));
    if ("refresh".equals(type) || "emergency".equals(type)) {
      return (String) type;
    }
    return "access";
  }

  private static List<String> paths(JsonObject overrides, String field, List<String> defaults) {
    Object value = overrides.getValue(field);
    if (value instanceof String path) {
      return List.of(path);
    }
    if (value instanceof JsonArray list) {
      return list.stream().map(String::valueOf).toList();
    }
    return defaults;
  }

  private static Object at(JsonObject claims, String path) {
    Object direct = claims.getValue(path);
    if (direct != null || path.indexOf('.') < 0) {
      return direct;
    }
    Object current = claims;
    for (String part : DOTTED.computeIfAbsent(path, dotted -> dotted.split("\\."))) {
      if (!(current instanceof JsonObject object)) {
        return null;
      }
      current = object.getValue(part);
    }
    return current;
  }

  /** The first user-id path present decides: a later path never stands in for a malformed earlier one. */
  private static String userIdOf(JsonObject claims, List<String> paths) {
    for (int i = 0; i < paths.size(); i++) {
      Object value = at(claims, paths.get(i));
      if (value != null) {
        return idText(value);
      }
    }
    return null;
  }

  /** A non-empty string, or a whole number as its decimal digits; null for anything else. */
  private static String idText(Object value) {
    if (value instanceof String text) {
      return text.isEmpty() ? null : text;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger) {
      return value.toString();
    }
    return null;
  }

  private static String firstText(JsonObject claims, List<String> paths) {
    for (int i = 0; i < paths.size(); i++) {
      Object value = at(claims, paths.get(i));
      if (value instanceof String || value instanceof Number) {
        return String.valueOf(value);
      }
    }
    return null;
  }

  private static List<String> strings(Object value) {
    if (value instanceof String text) {
      return List.of(text);
    }
    if (value instanceof JsonArray array) {
      List<String> out = new ArrayList<>(array.size());
      for (Object item : array) {
        if (item instanceof String || item instanceof Number) {
          out.add(String.valueOf(item));
        }
      }
      return out;
    }
    return List.of();
  }

  private static List<String> spaceSeparated(Object value) {
    if (value instanceof String text) {
      return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
    return strings(value);
  }

  private static Instant instant(JsonObject claims, String name) {
    return NumericDate.read(claims.getValue(name));
  }
}
