package authsuite.wsgateway;

import authsuite.common.testing.TestTokens;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@Timeout(60)
@ExtendWith(VertxExtension.class)
@DisplayName("The upstream handshake never carries a claim raw: the upgrade completes and the upstream sees no CR, LF or NUL")
class UpstreamHeadersSecurityTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private GatewayFixture fixture;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new GatewayFixture(vertx);
    port = fixture.start().port();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @ParameterizedTest(name = "email {0}")
  @ValueSource(strings = {"a@b.c\r\nX-Evil: 1", "a@b.c\r\n X-Evil: 1", "a\u0000b", "jos\u00e9@b.c"})
  @DisplayName("a hostile email claim: the upgrade completes promptly and the echo upstream gets it percent-encoded")
  void hostileEmailClaim(String email) throws Exception {
    long now = Instant.now().getEpochSecond();
    String token = TestTokens.primary(TestTokens.primaryClaims("eve").put("email", email).put("iat", now - 5)
        .put("roles", new JsonArray().add("chat-user").add("x\r\nX-Evil: 2")));

    WebSocket socket = fixture.connectWithBearer(port, token).timeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).await();
    Received received = new Received(socket);
    socket.writeTextMessage("hello");

    assertThat(received.next(WAIT)).isEqualTo("hello");
    MultiMap seen = fixture.upstream.lastHeaders;
    assertThat(seen.names()).noneMatch(name -> name.equalsIgnoreCase("X-Evil"));
    seen.forEach((name, value) -> assertThat(value).as(name).doesNotContain("\r", "\n", "\u0000"));
    assertThat(decoded(seen.get("X-User-Email"))).isEqualTo(email);
    assertThat(seen.get("X-User-Roles").split(",")).extracting(UpstreamHeadersSecurityTest::decoded)
        .containsExactly("chat-user", "x\r\nX-Evil: 2");
  }

  private static String decoded(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
