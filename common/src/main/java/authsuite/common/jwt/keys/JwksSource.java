package authsuite.common.jwt.keys;

import authsuite.common.http.CorrelationId;
import authsuite.common.jwt.IssuerSettings;
import authsuite.common.telemetry.RequestContext;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;

/**
 * Where an issuer's JWK set comes from: its configured {@code jwks_uri}, else the one its OIDC discovery
 * document names. Every answer that is not a bounded, 200, well-formed document is a failure whose message
 * never quotes the response (it ends up in logs and on the status endpoint).
 */
final class JwksSource {
  private final WebClient client;
  private final IssuerSettings issuer;
  private final JwksPolicy policy;
  private volatile URI discoveredJwksUri;

  JwksSource(WebClient client, IssuerSettings issuer, JwksPolicy policy) {
    this.client = client;
    this.issuer = issuer;
    this.policy = policy;
  }

  /** The JWKS address in use: configured, or discovered by the last successful discovery; null before that. */
  URI jwksUri() {
    return issuer.jwksUri() != null ? issuer.jwksUri() : discoveredJwksUri;
  }

  /** One download, discovery included, each request within the fetch timeout and the size limit. */
  Future<JWKSet> download() {
    URI known = jwksUri();
    return known != null ? downloadFrom(known) : discover().compose(this::downloadFrom);
  }

  private Future<JWKSet> downloadFrom(URI jwksUri) {
    return get(jwksUri)
        .compose(JwksSource::parseKeySet)
        // the issuer may have moved its JWKS: the next attempt asks discovery again
        .onFailure(failure -> discoveredJwksUri = null);
  }

  private Future<URI> discover() {
    return get(issuer.discoveryUri()).compose(body -> {
      Object decoded;
      try {
        decoded = Json.decodeValue(body);
      } catch (DecodeException notJson) {
        decoded = null;
      }
      if (!(decoded instanceof JsonObject document)) {
        return failure("discovery document is not a JSON object");
      }
      if (!issuer.issuer().equals(document.getValue("issuer"))) {
        return failure("discovery document names another issuer");
      }
      URI jwksUri = absoluteHttpUri(document.getValue("jwks_uri"));
      if (jwksUri == null) {
        return failure("discovery document has no usable jwks_uri");
      }
      discoveredJwksUri = jwksUri;
      return Future.succeededFuture(jwksUri);
    });
  }

  private Future<Buffer> get(URI uri) {
    long timeoutMillis = policy.fetchTimeout().toMillis();
    BoundedBody body = BoundedBody.upTo(policy.maxJwksBytes());
    HttpRequest<Buffer> request = client.getAbs(uri.toString());
    String correlationId = RequestContext.correlationId(); // a fetch a request caused (an unknown kid) says which, traced or not
    if (correlationId != null) {
      request.putHeader(CorrelationId.HEADER, correlationId);
    }
    return request
        .followRedirects(false)
        .timeout(timeoutMillis)
        .as(body)
        .send()
        // the idle timeout above cannot stop a response that trickles: this bounds the whole exchange
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .recover(failure -> Future.failedFuture(body.overflowed() ? body.tooLarge() : failure))
        .expecting(HttpResponseExpectation.SC_OK)
        .map(HttpResponse::body);
  }

  private static Future<JWKSet> parseKeySet(Buffer body) {
    try {
      return Future.succeededFuture(JWKSet.parse(body.toString()));
    } catch (ParseException | RuntimeException notAKeySet) {
      return failure("response is not a JWK set");
    }
  }

  private static URI absoluteHttpUri(Object value) {
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      URI uri = URI.create(text);
      boolean http = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
      return http && uri.getHost() != null ? uri : null;
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  private static <T> Future<T> failure(String message) {
    return Future.failedFuture(new VertxException(message, true));
  }
}
