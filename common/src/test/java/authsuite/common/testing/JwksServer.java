package authsuite.common.testing;

import authsuite.common.jwt.IssuerSettings;
import authsuite.common.jwt.keys.JwksPolicy;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real HTTP identity provider for the tests: OIDC discovery at {@code /.well-known/openid-configuration} and
 * a JWK set at {@code /jwks}, whose keys and behaviour the test changes while it runs, and which counts requests.
 */
public final class JwksServer {
  public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  private final HttpServer server;
  private final AtomicInteger jwksRequests = new AtomicInteger();
  private final AtomicInteger discoveryRequests = new AtomicInteger();
  private volatile String keySet = "{\"keys\":[]}";
  private volatile Consumer<HttpServerRequest> jwksAnswer;
  private volatile String advertisedIssuer;

  private JwksServer(HttpServer server) {
    this.server = server;
  }

  public static JwksServer start(Vertx vertx) {
    HttpServer http = vertx.createHttpServer();
    JwksServer idp = new JwksServer(http);
    http.requestHandler(idp::serve).listen(0, "localhost").await();
    return idp;
  }

  public String issuer() {
    return "http://localhost:" + server.actualPort();
  }

  public URI jwksUri() {
    return URI.create(issuer() + "/jwks");
  }

  /** Settings that find the JWKS by discovery ({@code viaDiscovery}) or name it directly. */
  public IssuerSettings settings(boolean viaDiscovery, String... algorithms) {
    return new IssuerSettings(issuer(), viaDiscovery ? null : jwksUri(), null, Set.of(algorithms),
        IssuerSettings.DEFAULT_LEEWAY, new JsonObject());
  }

  /** Publishes the public parts of {@code keys}, and answers normally again. */
  public void publish(JWK... keys) {
    publishAsIs(new JWKSet(List.of(keys)).toPublicJWKSet());
  }

  /** Publishes the set as given, private or symmetric parts included, as a careless issuer would. */
  public void publishAsIs(JWKSet set) {
    keySet = new JsonObject(set.toJSONObject(false)).encode();
    jwksAnswer = null;
  }

  /** From now on, {@code /jwks} is answered by {@code answer} instead of the published set. */
  public void answerJwksWith(Consumer<HttpServerRequest> answer) {
    jwksAnswer = answer;
  }

  /** The issuer the discovery document claims; the server's own by default. */
  public void advertiseIssuer(String issuer) {
    advertisedIssuer = issuer;
  }

  public int jwksRequests() {
    return jwksRequests.get();
  }

  public int discoveryRequests() {
    return discoveryRequests.get();
  }

  public void stop() {
    server.close().await();
  }

  private void serve(HttpServerRequest request) {
    switch (request.path()) {
      case DISCOVERY_PATH -> {
        discoveryRequests.incrementAndGet();
        String claimed = advertisedIssuer == null ? issuer() : advertisedIssuer;
        request.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("issuer", claimed).put("jwks_uri", jwksUri().toString()).encode());
      }
      case "/jwks" -> {
        jwksRequests.incrementAndGet();
        Consumer<HttpServerRequest> answer = jwksAnswer;
        if (answer != null) {
          answer.accept(request);
        } else {
          request.response().putHeader("content-type", "application/jwk-set+json").end(keySet);
        }
      }
      case "/jwks-moved" -> request.response().putHeader("content-type", "application/json").end(keySet);
      default -> request.response().setStatusCode(404).end();
    }
  }

  public static JwksPolicy policy(Duration minRefetchInterval) {
    return new JwksPolicy(Duration.ofHours(1), minRefetchInterval, Duration.ofSeconds(2), 256 * 1024);
  }
}
