package authsuite.common.jwt.keys;

import authsuite.common.jwt.IssuerSettings;
import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * The verification keys of one external issuer, fetched from its JWKS (found by OIDC discovery
 * when no jwks_uri is configured), cached per kid, refreshed in the background, and kept
 * (last-known-good) through an outage of the issuer.
 */
public interface IssuerKeys {
  /**
   * Keys from {@code issuer}'s JWKS ({@code jwks_uri}, else OIDC discovery), keeping only keys that can verify
   * one of its algorithms. Nothing is fetched before {@link #start()}. Give {@code client} a connection idle
   * timeout ({@code WebClientOptions.setIdleTimeout}): a response over {@link JwksPolicy#maxJwksBytes()} is left
   * paused, not read to its end, and only that timeout closes its connection.
   */
  static IssuerKeys jwks(Vertx vertx, WebClient client, IssuerSettings issuer, JwksPolicy policy) {
    return new JwksIssuerKeys(vertx, client, issuer, policy);
  }

  /** The issuer this serves, exactly as configured. */
  String issuer();

  /** A cached key for {@code kid}, or null; never does I/O: the hot path calls it. */
  JWK cached(String kid);

  /**
   * The key for a {@code kid} that is not cached. At most one JWKS fetch per issuer runs at a time
   * (single-flight) and at most one per minimum refetch interval; callers inside the interval get
   * the current answer without a fetch. Completes with null when the issuer answers but has no
   * such key; fails with {@link authsuite.common.jwt.IssuerUnavailableException} when the issuer
   * cannot be reached (or answers garbage) and no cached key matches.
   */
  Future<JWK> fetch(String kid);

  /** First fetch (failures are logged, not fatal: an issuer may be down at our start) and the periodic refresh. */
  Future<Void> start();

  Future<Void> close();

  /** For /api/v1/jwt/status: issuer, jwks_uri, kids, last successful fetch and its age, fetch counters, last error. */
  JsonObject status();
}
