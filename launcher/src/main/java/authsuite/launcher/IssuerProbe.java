package authsuite.launcher;

import authsuite.common.config.Redacted;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.IssuerSettings;
import authsuite.common.jwt.keys.IssuerKeys;
import authsuite.common.jwt.keys.JwksPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One load of each configured issuer's keys, through the same {@link IssuerKeys} the services use
 * (discovery document when no {@code jwks_uri} is given, then the JWKS), each within a bounded time.
 */
final class IssuerProbe {
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
  private static final String PROBE_KID = "authsuite-check-config";

  private IssuerProbe() {
  }

  /** One line per issuer whose keys cannot be loaded, or that publishes none usable with its algorithms. */
  static Future<List<String>> unloadable(Vertx vertx, JsonArray issuers) {
    if (issuers.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JwksPolicy policy = new JwksPolicy(Duration.ofHours(1), Duration.ZERO, FETCH_TIMEOUT, JwksPolicy.defaults().maxJwksBytes());
    WebClient client = WebClient.create(vertx, new WebClientOptions().setIdleTimeout((int) FETCH_TIMEOUT.toSeconds()));
    // loads complete on different event loops
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> loads = new ArrayList<>();
    for (int i = 0; i < issuers.size(); i++) {
      IssuerSettings settings = IssuerSettings.fromJson(issuers.getJsonObject(i));
      String where = SuiteConfig.JWT_ISSUERS + "[" + i + "] " + Redacted.url(settings.issuer());
      IssuerKeys keys = IssuerKeys.jwks(vertx, client, settings, policy);
      loads.add(keys.fetch(PROBE_KID)
          .onSuccess(ignored -> {
            if (keys.status().getInteger("keys", 0) == 0) {
              problems.add(where + ": its JWKS has no key usable with " + settings.algorithms());
            }
          })
          .onFailure(failure -> problems.add(where + ": keys cannot be loaded (" + reason(failure) + ")"))
          .eventually(keys::close));
    }
    return Future.join(loads).transform(done -> {
      client.close();
      return Future.succeededFuture(List.copyOf(problems));
    });
  }

  private static String reason(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : Redacted.text(cause.getMessage());
  }
}
