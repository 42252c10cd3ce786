package authsuite.bench;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.SuiteConfig;
import authsuite.common.telemetry.SuiteTracing;
import authsuite.jwt.TokenAdapterVerticle;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One JVM holding the jwt-token-adapter and, beside it, the baseline: a trivial endpoint on a
 * bare Vert.x server, which also serves the JWKS of a benchmark issuer. Writes one HS256
 * (primary-auth style), one RS256 and one ES256 token to the output folder for the load generator.
 *   args: adapterPort baselinePort outputDir
 */
public final class TokenBenchServer {
  private TokenBenchServer() {
  }

  public static void main(String[] args) throws Exception {
    int adapterPort = Integer.parseInt(args[0]);
    int baselinePort = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    String issuer = "http://127.0.0.1:" + baselinePort;
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench-rsa").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("bench-ec").generate();
    Buffer jwks = Buffer.buffer(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true));

    // tracing as the launcher does it: on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (bench/jwt.sh TRACES=...)
    Map<String, String> environment = ConfigLoader.processEnvironment();
    Vertx vertx = SuiteTracing.install(Vertx.builder(), environment, List.of(SuiteService.JWT_TOKEN_ADAPTER.serviceName())).build();
    serveBaseline(vertx, baselinePort, jwks);
    JsonObject config = deployAdapter(vertx, environment, adapterPort, new JsonArray().add(new JsonObject().put("issuer", issuer)
        .put("jwks_uri", issuer + "/jwks").put("algorithms", new JsonArray().add("RS256").add("ES256"))).encode());

    long now = Instant.now().getEpochSecond();
    JsonObject primary = new JsonObject().put("sub", "42").put("email", "alice@example.com").put("type", "access")
        .put("iat", now).put("exp", now + 3600);
    JsonObject external = primary.copy().put("iss", issuer).put("preferred_username", "alice")
        .put("realm_access", new JsonObject().put("roles", new JsonArray().add("chat-user")));
    String secret = config.getString("JWT_SECRET_KEY");
    Files.writeString(out.resolve("hs256.jwt"), sign(primary, JWSAlgorithm.HS256, null, new MACSigner(secret)));
    Files.writeString(out.resolve("rs256.jwt"), sign(external, JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa)));
    Files.writeString(out.resolve("es256.jwt"), sign(external, JWSAlgorithm.ES256, ec.getKeyID(), new ECDSASigner(ec)));
    System.out.println("ready");
  }

  /** The baseline: a bare Vert.x server answering {"valid":true}, and the issuer's JWKS at /jwks (the adapter fetches it once). */
  static void serveBaseline(Vertx vertx, int port, Buffer jwks) {
    Buffer trivial = Buffer.buffer("{\"valid\":true}");
    vertx.createHttpServer().requestHandler(request -> request.response().putHeader("Content-Type", "application/json")
        .end("/jwks".equals(request.path()) ? jwks : trivial)).listen(port).toCompletionStage().toCompletableFuture().join();
  }

  /** Deploys the adapter on port, configured as the launcher would from environment, trusting issuers (JWT_ISSUERS); its configuration. */
  static JsonObject deployAdapter(Vertx vertx, Map<String, String> environment, int port, String issuers) {
    JsonObject config = ConfigLoader.load(vertx, environment).toCompletionStage().toCompletableFuture().join()
        .config().toJson()
        .put(SuiteService.JWT_TOKEN_ADAPTER.portVariable(), String.valueOf(port))
        .put(SuiteConfig.JWT_ISSUERS, issuers);
    vertx.deployVerticle(new TokenAdapterVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().join();
    return config;
  }

  static String sign(JsonObject claims, JWSAlgorithm algorithm, String kid, JWSSigner signer) throws Exception {
    JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build(), new Payload(claims.encode()));
    jws.sign(signer);
    return jws.serialize();
  }
}
