package authsuite.common.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Claims of the common identity providers map onto the normalized identity")
class ClaimMappingTest {
  @Test
  @DisplayName("Keycloak: realm roles, and client roles only for the client the token is for")
  void keycloak() {
    JsonObject claims = new JsonObject().put("sub", "u-1").put("preferred_username", "alice").put("azp", "web")
        .put("aud", new JsonArray().add("api"))
        .put("realm_access", new JsonObject().put("roles", new JsonArray().add("user")))
        .put("resource_access", new JsonObject()
            .put("web", new JsonObject().put("roles", new JsonArray().add("web-editor")))
            .put("admin-console", new JsonObject().put("roles", new JsonArray().add("superuser"))))
        .put("scope", "openid  profile").put("sid", "kc-session");
    Identity identity = ClaimMapping.defaults().identity(claims, "https://kc.example/realms/app", "jwt");
    assertThat(identity.roles()).containsExactly("user", "web-editor");
    assertThat(identity.scopes()).containsExactly("openid", "profile");
    assertThat(identity.username()).isEqualTo("alice");
    assertThat(identity.sessionId()).isEqualTo("kc-session");
    assertThat(identity.audience()).containsExactly("api");
  }

  @Test
  @DisplayName("Cognito groups, Auth0 permissions, and scp as a list")
  void cognitoAndAuth0() {
    Identity cognito = ClaimMapping.defaults().identity(new JsonObject().put("sub", "c-1").put("cognito:username", "bob")
        .put("cognito:groups", new JsonArray().add("admins")), "https://cognito.example", "jwt");
    assertThat(cognito.roles()).containsExactly("admins");
    assertThat(cognito.username()).isEqualTo("bob");

    Identity auth0 = ClaimMapping.defaults().identity(new JsonObject().put("sub", "auth0|7")
        .put("permissions", new JsonArray().add("read:orders")).put("scp", new JsonArray().add("a").add("b")), "https://auth0.example", "jwt");
    assertThat(auth0.roles()).containsExactly("read:orders");
    assertThat(auth0.scopes()).containsExactly("a", "b");
  }

  @Test
  @DisplayName("PyJWT-style primary tokens: numeric user_id, type refresh")
  void primaryShapes() {
    Identity identity = ClaimMapping.defaults().identity(new JsonObject().put("user_id", 42).put("email", "a@b.c")
        .put("type", "refresh").put("iat", 1_700_000_000L).put("exp", 1_700_000_900L), "primary", "jwt");
    assertThat(identity.userId()).isEqualTo("42");
    assertThat(identity.subject()).isEqualTo("42");
    assertThat(identity.tokenType()).isEqualTo("refresh");
    assertThat(identity.expiresAt().getEpochSecond()).isEqualTo(1_700_000_900L);
    assertThat(identity.toJson().getString("issued_at")).isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  @DisplayName("per-issuer overrides replace a field's mapping, by one path or several")
  void overrides() {
    JsonObject overrides = new JsonObject().put("user_id", "oid").put("roles", new JsonArray().add("app.roles").add("groups"));
    Identity identity = ClaimMapping.withOverrides(overrides).identity(new JsonObject().put("sub", "s").put("oid", "object-9")
        .put("roles", new JsonArray().add("ignored")).put("app", new JsonObject().put("roles", new JsonArray().add("r1")))
        .put("groups", new JsonArray().add("g1")), "https://entra.example", "jwt");
    assertThat(identity.userId()).isEqualTo("object-9");
    assertThat(identity.subject()).isEqualTo("s");
    assertThat(identity.roles()).containsExactly("r1", "g1");
  }
}
