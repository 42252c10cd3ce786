package authsuite.common.jwt.keys;

import authsuite.common.testing.JwksServer;

import authsuite.common.jwt.IssuerUnavailableException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("JWKS issuer keys through an issuer outage: last-known-good keys served, unknown kids unavailable")
class JwksOutageTest {
  private static final String SECRET_LOOKING_BODY = "internal-detail-7f3a";
  private static RSAKey k1;

  @BeforeAll
  static void generateKeys() throws Exception {
    k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  @Test
  @DisplayName("with the issuer stopped, a cached kid is still served and an unknown kid fails as issuer unavailable")
  void issuerStopped(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(true, "RS256"), JwksServer.policy(Duration.ZERO));
    keys.start().await();

    idp.stop();

    assertThat(keys.fetch("k1").await()).isEqualTo(k1.toPublicJWK());
    assertUnavailable(keys, "k2");
    assertThat(keys.cached("k1")).isEqualTo(k1.toPublicJWK());
    JsonObject status = keys.status();
    assertThat(status.getJsonObject("fetches").getLong("failed")).isEqualTo(1);
    assertThat(status.getString("last_error")).isNotBlank();
    assertThat(status.getJsonArray("kids").getList()).containsExactly("k1");
    keys.close().await();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAnswers")
  @DisplayName("an issuer answering badly counts as unavailable; the last-known-good key stays and the body is never quoted")
  void badAnswer(Consumer<HttpServerRequest> answer, Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    var policy = new JwksPolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofMillis(500), 256 * 1024);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), policy);
    keys.start().await();

    idp.answerJwksWith(answer);

    assertUnavailable(keys, "k2");
    assertThat(keys.cached("k1")).isEqualTo(k1.toPublicJWK());
    assertThat(keys.status().getString("last_error")).isNotBlank().doesNotContain(SECRET_LOOKING_BODY);
    keys.close().await();
  }

  static Stream<Named<Consumer<HttpServerRequest>>> badAnswers() {
    return Stream.of(
        Named.of("500", request -> request.response().setStatusCode(500).end(SECRET_LOOKING_BODY)),
        Named.of("garbage", request -> request.response().end("<html>" + SECRET_LOOKING_BODY + "</html>")),
        Named.of("JSON without keys", request -> request.response().end(new JsonObject().put("error", SECRET_LOOKING_BODY).encode())),
        Named.of("a chunked body over the size limit", JwksOutageTest::hugeChunkedKeySet),
        Named.of("a redirect, not followed", request -> request.response().setStatusCode(302)
            .putHeader("location", "/jwks-moved").end()),
        Named.of("no answer within the fetch timeout", request -> { }));
  }

  @Test
  @DisplayName("an endless body fails the fetch and is not read to its end: the paused connection is closed by the client's idle timeout")
  void endlessBody(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    var connectionClosed = new AtomicBoolean();
    var policy = new JwksPolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofMillis(500), 256 * 1024);
    var client = WebClient.create(vertx, new WebClientOptions().setIdleTimeout(1));
    IssuerKeys keys = IssuerKeys.jwks(vertx, client, idp.settings(false, "RS256"), policy);
    keys.start().await();
    idp.answerJwksWith(request -> {
      var response = request.response().setChunked(true);
      response.closeHandler(v -> connectionClosed.set(true));
      Buffer chunk = Buffer.buffer("x".repeat(16 * 1024));
      // the stand-in issuer's pace, a chunk every 5 ms for as long as the client reads: not a wait for an event
      vertx.setPeriodic(5, id -> {
        if (connectionClosed.get()) {
          vertx.cancelTimer(id);
        } else if (!response.writeQueueFull()) {
          response.write(chunk);
        }
      });
    });

    assertUnavailable(keys, "k2");

    assertThat(keys.status().getString("last_error")).contains("larger than");
    JwksIssuerKeysTest.eventually(vertx, connectionClosed::get);
    keys.close().await();
  }

  @Test
  @DisplayName("an issuer never reached stays unavailable inside the refetch interval, without being asked again")
  void neverReached(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.answerJwksWith(request -> request.response().setStatusCode(503).end());
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), JwksServer.policy(Duration.ofHours(1)));

    keys.start().await();

    assertThat(keys.cached("k1")).isNull();
    assertUnavailable(keys, "k1");
    assertUnavailable(keys, "k1");
    assertThat(idp.jwksRequests()).isEqualTo(1);
    assertThat(keys.status().getString("last_success")).isNull();
    keys.close().await();
  }

  @Test
  @DisplayName("a discovery document naming another issuer is refused: its keys are never fetched")
  void discoveryIssuerMismatch(Vertx vertx) {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(k1);
    idp.advertiseIssuer("https://attacker.example");
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(true, "RS256"), JwksServer.policy(Duration.ZERO));

    keys.start().await();

    assertThat(keys.cached("k1")).isNull();
    assertUnavailable(keys, "k1");
    assertThat(idp.jwksRequests()).isZero();
    assertThat(keys.status().getString("last_error")).contains("another issuer");
    keys.close().await();
  }

  private static void hugeChunkedKeySet(HttpServerRequest request) {
    // valid JSON with a real key: only the size rule can refuse it, and without a Content-Length to trust
    String padding = "x".repeat(64 * 1024);
    var response = request.response().setChunked(true);
    response.write("{\"keys\":[" + new JsonObject(k1.toPublicJWK().toJSONObject()).encode() + "],\"padding\":\"");
    for (int chunk = 0; chunk < 8; chunk++) {
      response.write(Buffer.buffer(padding));
    }
    response.end(SECRET_LOOKING_BODY + "\"}");
  }

  private static void assertUnavailable(IssuerKeys keys, String kid) {
    assertThatThrownBy(() -> keys.fetch(kid).await())
        .isInstanceOf(IssuerUnavailableException.class)
        .satisfies(failure -> assertThat(((IssuerUnavailableException) failure).issuer()).isEqualTo(keys.issuer()));
  }
}
