package authsuite.bench;

import authsuite.common.jwt.keys.IssuerKeys;
import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An external issuer whose public keys are given up front, by kid: the state a JWKS-backed
 * {@link IssuerKeys} is in after its first successful fetch, without any HTTP. The benchmark
 * measures validation, not JWKS retrieval, so every kid it uses is always cached.
 */
final class FixedIssuerKeys implements IssuerKeys {
  private final String issuer;
  private final Map<String, JWK> byKid;

  FixedIssuerKeys(String issuer, List<JWK> publicKeys) {
    this.issuer = issuer;
    this.byKid = publicKeys.stream().collect(Collectors.toUnmodifiableMap(JWK::getKeyID, Function.identity()));
  }

  @Override
  public String issuer() {
    return issuer;
  }

  @Override
  public JWK cached(String kid) {
    return kid == null ? null : byKid.get(kid);
  }

  @Override
  public Future<JWK> fetch(String kid) {
    return Future.succeededFuture(cached(kid));
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  @Override
  public JsonObject status() {
    return new JsonObject().put("issuer", issuer).put("kids", new JsonArray(List.copyOf(byKid.keySet())));
  }
}
