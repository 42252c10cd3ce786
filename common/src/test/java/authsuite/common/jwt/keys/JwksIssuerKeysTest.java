package authsuite.common.jwt.keys;

import authsuite.common.http.CorrelationId;
import authsuite.common.telemetry.RequestContext;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.JwksServer;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("JWKS issuer keys: discovery, caching by kid, rotation and rate-limited refetch")
class JwksIssuerKeysTest {
  private static RSAKey k1;
  private static RSAKey k2;

  @BeforeAll
  static void generateKeys() throws Exception {
    k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
    k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
  }

  @Test
  @DisplayName("without a jwks_uri the keys are found through OIDC discovery and cached by kid after start")
  void discovery(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(true, "RS256"), JwksPolicy.defaults());

    keys.start().await();

    assertThat(keys.cached("k1")).isEqualTo(k1.toPublicJWK());
    assertThat(keys.cached("k2")).isNull();
    assertThat(idp.discoveryRequests()).isEqualTo(1);
    assertThat(keys.status().getString("jwks_uri")).isEqualTo(idp.jwksUri().toString());
    assertThat(keys.status().getJsonArray("kids").getList()).containsExactly("k1");
    keys.close().await();
  }

  @Test
  @DisplayName("a configured jwks_uri is used directly, without discovery")
  void directJwksUri(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1, k2);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), JwksPolicy.defaults());

    keys.start().await();

    assertThat(keys.cached("k1")).isEqualTo(k1.toPublicJWK());
    assertThat(keys.cached("k2")).isEqualTo(k2.toPublicJWK());
    assertThat(idp.discoveryRequests()).isZero();
    assertThat(keys.status().getJsonObject("fetches").getLong("succeeded")).isEqualTo(1);
    assertThat(keys.status().getString("last_success")).isNotNull();
    keys.close().await();
  }

  @Test
  @DisplayName("after the issuer rotates to a new key, fetch of the new kid returns it without a restart")
  void rotation(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(true, "RS256"), JwksServer.policy(Duration.ZERO));
    keys.start().await();

    idp.publish(k2);

    assertThat(keys.fetch("k2").await()).isEqualTo(k2.toPublicJWK());
    assertThat(keys.cached("k2")).isEqualTo(k2.toPublicJWK());
    assertThat(keys.fetch("k2").await()).as("once cached, without asking again").isEqualTo(k2.toPublicJWK());
    assertThat(idp.jwksRequests()).isEqualTo(2);
    assertThat(keys.status().getJsonObject("fetches").getLong("unknown_kid_refetches")).isEqualTo(1);
    keys.close().await();
  }

  @Test
  @DisplayName("a fetch a request caused sends that request's X-Correlation-ID to the issuer (tracing off too); a background one sends none")
  void fetchCarriesTheCausingRequestsCorrelationId(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    var sent = new ConcurrentLinkedQueue<String>();
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), JwksServer.policy(Duration.ZERO));
    idp.answerJwksWith(request -> {
      sent.add(String.valueOf(request.getHeader(CorrelationId.HEADER)));
      JWKSet published = sent.size() == 1 ? new JWKSet(k1.toPublicJWK()) : new JWKSet(List.of(k1.toPublicJWK(), k2.toPublicJWK()));
      request.response().putHeader("Content-Type", "application/json").end(published.toString());
    });
    keys.start().await();

    Promise<JWK> fetched = Promise.promise();
    RequestContext.forked(vertx.getOrCreateContext(), "corr-jwks-7").runOnContext(v -> keys.fetch("k2").onComplete(fetched));

    assertThat(fetched.future().await()).isEqualTo(k2.toPublicJWK());
    assertThat(sent).containsExactly("null", "corr-jwks-7");
    keys.close().await();
  }

  @Test
  @DisplayName("the periodic refresh picks up a rotation by itself, and stops once closed")
  void backgroundRefresh(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    var policy = new JwksPolicy(Duration.ofMillis(100), Duration.ofHours(1), Duration.ofSeconds(2), 256 * 1024);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), policy);
    keys.start().await();

    idp.publish(k2);
    eventually(vertx, () -> keys.cached("k2") != null);

    assertThat(keys.cached("k1")).as("a key the issuer no longer publishes is dropped").isNull();
    assertThat(keys.status().getJsonObject("fetches").getLong("unknown_kid_refetches")).isZero();
    keys.close().await();
    // not event waits: a fetch already under way may still land, then five refresh intervals in which none may follow
    waitFor(vertx, 300);
    int afterClose = idp.jwksRequests();
    waitFor(vertx, 500);
    assertThat(idp.jwksRequests()).isEqualTo(afterClose);
  }

  @Test
  @DisplayName("a flood of unknown kids, at once and then spread over time, costs no fetch within the minimum refetch interval, and one is looked up again after it")
  void unknownKidFlood(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    // an hour: no further fetch can be due within this test however slow the machine, so a flood that causes one fails
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), JwksServer.policy(Duration.ofHours(1)));
    keys.start().await();
    int afterStart = idp.jwksRequests();

    List<JWK> answers = Future.all(IntStream.range(0, 200).mapToObj(i -> keys.fetch(randomKid())).toList())
        .await().list();
    assertThat(answers).hasSize(200).containsOnlyNulls();
    List<Future<JWK>> spread = new ArrayList<>();
    for (int tick = 0; tick < 20; tick++) {
      IntStream.range(0, 10).forEach(i -> spread.add(keys.fetch(randomKid())));
      waitFor(vertx, 40); // not an event wait: the point is asks spread over time
    }
    assertThat(Future.all(spread).await().<JWK>list()).hasSize(200).containsOnlyNulls();

    assertThat(idp.jwksRequests() - afterStart).as("fetches the 400 unknown kids caused").isZero();
    assertThat(keys.status().getJsonObject("fetches").getLong("unknown_kid_refetches")).isZero();
    assertThat(keys.cached("k1")).isNotNull();
    keys.close().await();

    // the limit holds lookups back for an interval, not for good: once it has passed, an unknown kid is fetched again
    IssuerKeys shortInterval = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"),
        JwksServer.policy(Duration.ofMillis(300)));
    shortInterval.start().await();
    int beforeRotation = idp.jwksRequests();
    idp.publish(k2);
    JWK found = Eventually.until(vertx, () -> shortInterval.fetch("k2").await(), Objects::nonNull, Duration.ofSeconds(10));
    assertThat(found.getKeyID()).isEqualTo("k2");
    assertThat(shortInterval.status().getJsonObject("fetches").getLong("unknown_kid_refetches"))
        .isEqualTo(idp.jwksRequests() - beforeRotation).isPositive();
    shortInterval.close().await();
  }

  @Test
  @DisplayName("callers on several event loops join one fetch, and each gets its answer on its own event loop")
  void joinedAcrossEventLoops(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), JwksServer.policy(Duration.ZERO));
    keys.start().await();
    // the issuer answers once all four callers have asked, so that every one of them overlaps the fetch
    Promise<Void> allAsked = Promise.promise();
    AtomicInteger asked = new AtomicInteger();
    idp.answerJwksWith(request -> allAsked.future().onComplete(v -> request.response()
        .putHeader("Content-Type", "application/json").end(new JWKSet(k2.toPublicJWK()).toString())));
    var answeredOnOwnContext = new ConcurrentLinkedQueue<Boolean>();

    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        Future<JWK> fetched = keys.fetch("k2");
        if (asked.incrementAndGet() == 4) {
          allAsked.tryComplete();
        }
        return fetched.onSuccess(key -> answeredOnOwnContext.add(key != null && Vertx.currentContext() == context));
      }
    }, new DeploymentOptions().setInstances(4)).await();

    assertThat(answeredOnOwnContext).hasSize(4).containsOnly(true);
    assertThat(idp.jwksRequests()).as("the start, then one fetch for all four").isEqualTo(2);
    keys.close().await();
  }

  private static String randomKid() {
    return "forged-" + UUID.randomUUID();
  }

  static void waitFor(Vertx vertx, long millis) {
    vertx.timer(millis).await();
  }

  static void eventually(Vertx vertx, BooleanSupplier condition) {
    Eventually.until(vertx, "condition reached within 5 s", condition, Duration.ofSeconds(5));
  }

}
