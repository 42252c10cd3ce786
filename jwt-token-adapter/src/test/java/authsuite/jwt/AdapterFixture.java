package authsuite.jwt;

import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.testing.JwksServer;
import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Instant;

/**
 * A real adapter on a random port, on the test Redis, trusting one external issuer served over
 * real HTTP by a {@link JwksServer}, plus the primary auth service's HS256 secret.
 */
final class AdapterFixture {
  static final String AUDIENCE = "app";

  final Vertx vertx;
  final String prefix = TestRedis.uniqueKeyPrefix();
  final JwksServer idp;
  final RSAKey rsa;
  final ECKey ec;
  final WebClient client;
  TokenAdapterVerticle adapter;
  private boolean cluster;

  AdapterFixture(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.idp = JwksServer.start(vertx);
    this.rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    this.ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    idp.publish(rsa, ec);
    this.client = WebClient.create(vertx);
  }

  /** The adapter on the shared 3-master Redis Cluster instead of the single test Redis. */
  AdapterFixture onCluster() {
    cluster = true;
    return this;
  }

  JsonObject config() {
    JsonArray issuers = new JsonArray().add(new JsonObject()
        .put("issuer", idp.issuer())
        .put("audiences", new JsonArray().add(AUDIENCE))
        .put("algorithms", new JsonArray().add("RS256").add("ES256")));
    return (cluster ? RedisCluster.shared().config(prefix) : TestServices.redisConfig(prefix))
        .put(SuiteConfig.JWT_ISSUERS, issuers.encode())
        .put(JwtSettings.JWT_JWKS_MIN_REFETCH_S, "1");
  }

  AdapterFixture start() {
    return start(config());
  }

  AdapterFixture start(JsonObject config) {
    adapter = TestServices.start(vertx, new TokenAdapterVerticle(), config).await();
    return this;
  }

  TokenAdapterVerticle startAnother() {
    return TestServices.start(vertx, new TokenAdapterVerticle(), config()).await();
  }

  void close() {
    client.close();
    idp.stop();
    if (!cluster) {
      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
    }
  }

  /** Claims as the external issuer (Keycloak-style) writes them. */
  JsonObject externalClaims(String userId) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", idp.issuer()).put("sub", userId).put("aud", AUDIENCE)
        .put("preferred_username", "user-" + userId).put("email", userId + "@idp.example")
        .put("realm_access", new JsonObject().put("roles", new JsonArray().add("chat-user")))
        .put("scope", "openid read").put("iat", now).put("exp", now + 600).put("jti", "ext-" + userId + "-" + now);
  }

  String rs256(JsonObject claims) {
    return TestTokens.rs256(rsa, claims, new JsonObject());
  }

  String es256(JsonObject claims) {
    return TestTokens.es256(ec, claims, new JsonObject());
  }

  HttpResponse<Buffer> post(int port, String path, JsonObject body) {
    return client.post(port, "127.0.0.1", path).sendJsonObject(body).await();
  }

  JsonObject validate(String token) {
    return validate(adapter.port(), new JsonObject().put("token", token));
  }

  JsonObject validate(int port, JsonObject body) {
    HttpResponse<Buffer> response = post(port, "/api/v1/jwt/validate", body);
    if (response.statusCode() != 200) {
      throw new AssertionError("validate answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> verify(int port, String token) {
    return client.get(port, "127.0.0.1", "/api/v1/jwt/verify").putHeader("Authorization", "Bearer " + token).send().await();
  }

  HttpResponse<Buffer> internalPost(String path, JsonObject body) {
    return client.post(adapter.port(), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx)).sendJsonObject(body).await();
  }
}
