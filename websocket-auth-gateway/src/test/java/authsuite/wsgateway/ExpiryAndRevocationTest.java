package authsuite.wsgateway;

import authsuite.common.events.AuthEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(60)
@DisplayName("Sockets close with 4001 at token expiry unless reauthenticated, and within 1 s of a revocation from any instance")
class ExpiryAndRevocationTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private GatewayFixture fixture;
  private WebSocketGatewayVerticle a;
  private WebSocketGatewayVerticle b;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = newFixture(vertx);
    a = fixture.start();
    b = fixture.start();
  }

  /** The fixture these tests run on; a subclass runs them again on a Redis Cluster. */
  protected GatewayFixture newFixture(Vertx vertx) {
    return new GatewayFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a socket whose token expires is closed with 4001 token_expired at its expiry")
  void closedAtExpiry() {
    String token = GatewayFixture.token("expiring", 2);
    long expiresAtMs = GatewayFixture.claims(token).getLong("exp") * 1000;
    Received client = fixture.openWithBearer(a.port(), token);
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.TOKEN_EXPIRED);
    assertThat(client.closeReason).isEqualTo("token_expired");
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expiresAtMs);
  }

  @Test
  @DisplayName("a reauth message with a fresh token for the same user keeps the socket open past the first expiry")
  void reauthKeepsOpen() throws Exception {
    String shortLived = GatewayFixture.token("renewing", 2);
    long firstExpiryMs = GatewayFixture.claims(shortLived).getLong("exp") * 1000;
    Received client = fixture.openWithBearer(a.port(), shortLived);
    client.socket.writeTextMessage(new JsonObject().put("type", "reauth").put("token", GatewayFixture.token("renewing", 300)).encode());
    JsonObject renewed = new JsonObject((String) client.next(WAIT));
    assertThat(renewed.getString("type")).isEqualTo("reauth_ok");
    assertThat(Instant.parse(renewed.getString("expires_at"))).isAfter(Instant.now().plusSeconds(200));

    // not an event wait: the point is the first token's expiry passing with the socket still open
    Thread.sleep(Math.max(0, firstExpiryMs - System.currentTimeMillis()) + 1_000);
    assertThat(client.isOpen()).isTrue();
    client.socket.writeTextMessage("still here");
    assertThat(client.next(WAIT)).isEqualTo("still here");
  }

  @Test
  @DisplayName("a reauth with another user's token or a bad token is refused and the socket still closes at its expiry")
  void reauthRefused() throws Exception {
    Received client = fixture.openWithBearer(a.port(), GatewayFixture.token("owner", 2));
    client.socket.writeTextMessage(new JsonObject().put("type", "reauth").put("token", GatewayFixture.token("intruder", 300)).encode());
    assertThat(new JsonObject((String) client.next(WAIT)).getString("reason")).isEqualTo("user_mismatch");
    client.socket.writeTextMessage(new JsonObject().put("type", "reauth").put("token", "garbage").encode());
    assertThat(new JsonObject((String) client.next(WAIT)).getString("reason")).isEqualTo("malformed");
    client.socket.writeTextMessage("{\"type\":\"reauth\"}");
    assertThat(new JsonObject((String) client.next(WAIT)).getString("reason")).isEqualTo("missing_token");
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.TOKEN_EXPIRED);
  }

  @Test
  @DisplayName("a session revocation published through instance B closes the socket held by A within 1 s, with 4003")
  void sessionRevokedThroughAnotherInstance() {
    String token = GatewayFixture.token("revoked-session", 300);
    Received client = fixture.openWithBearer(a.port(), token);
    Received bystander = fixture.openWithBearer(a.port(), GatewayFixture.token("revoked-session", 300));
    String session = GatewayFixture.claims(token).getString("sid");

    long published = System.nanoTime();
    b.platform().events().publish(AuthEvent.of("revoke_session", new JsonObject().put("session_id", session), "test")).await();
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(Duration.ofNanos(client.closedAtNanos - published)).isLessThan(Duration.ofSeconds(1));
    assertThat(bystander.isOpen()).isTrue();
  }

  @Test
  @DisplayName("token (jti) and user revocations through instance B close the matching sockets on A within 1 s")
  void tokenAndUserRevoked() {
    String token = GatewayFixture.token("revoked-token", 300);
    Received byJti = fixture.openWithBearer(a.port(), token);
    long published = System.nanoTime();
    b.platform().events().publish(AuthEvent.of("revoke_token",
        new JsonObject().put("jti", GatewayFixture.claims(token).getString("jti")), "test")).await();
    assertThat(byJti.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(Duration.ofNanos(byJti.closedAtNanos - published)).isLessThan(Duration.ofSeconds(1));

    Received first = fixture.openWithBearer(a.port(), GatewayFixture.token("revoked-user", 300));
    Received second = fixture.openWithBearer(b.port(), GatewayFixture.token("revoked-user", 300));
    Received other = fixture.openWithBearer(a.port(), GatewayFixture.token("someone-else", 300));
    published = System.nanoTime();
    b.platform().events().publish(AuthEvent.of("revoke_user",
        new JsonObject().put("user_id", "revoked-user").put("not_before", Instant.now().getEpochSecond()), "test")).await();
    assertThat(first.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(second.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(Duration.ofNanos(first.closedAtNanos - published)).isLessThan(Duration.ofSeconds(1));
    assertThat(other.isOpen()).isTrue();
  }
}
