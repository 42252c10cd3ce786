package authsuite.common.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One trusted external issuer from {@code JWT_ISSUERS}. Only {@code issuer} is required: keys come
 * from {@code jwks_uri}, else from OIDC discovery at {@code issuer + /.well-known/openid-configuration};
 * an absent {@code audiences} means {@code aud} is not checked; {@code claims} overrides the default
 * claim mapping field by field.
 */
public record IssuerSettings(String issuer, URI jwksUri, List<String> audiences, Set<String> algorithms,
                             Duration leeway, JsonObject claims) {
  public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "ES256");
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  public static IssuerSettings fromJson(JsonObject json) {
    JsonArray audiences = json.getJsonArray("audiences");
    JsonArray algorithms = json.getJsonArray("algorithms");
    String jwks = json.getString("jwks_uri");
    return new IssuerSettings(
        json.getString("issuer"),
        jwks == null ? null : URI.create(jwks),
        audiences == null ? null : audiences.stream().map(String::valueOf).toList(),
        algorithms == null ? DEFAULT_ALGORITHMS : algorithms.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet()),
        Duration.ofSeconds(json.getInteger("leeway_s", (int) DEFAULT_LEEWAY.toSeconds())),
        json.getJsonObject("claims", new JsonObject()));
  }

  /** Where OIDC discovery is served for this issuer. */
  public URI discoveryUri() {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + "/.well-known/openid-configuration");
  }
}
