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
@DisplayName("Sockets close with 4001 at token expiry unless reauthenticated, and with 4003 on a revocation from any instance")
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
    // not a speed: expiry is a rule about the wall clock the token's exp is written in, and the socket may not close before it
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
  @DisplayName("a session revocation published through instance B closes the socket held by A with 4003, and only that one")
  void sessionRevokedThroughAnotherInstance() {
    String token = GatewayFixture.token("revoked-session", 300);
    Received client = fixture.openWithBearer(a.port(), token);
    Received bystander = fixture.openWithBearer(a.port(), GatewayFixture.token("revoked-session", 300));
    String session = GatewayFixture.claims(token).getString("sid");

    b.platform().events().publish(AuthEvent.of("revoke_session", new JsonObject().put("session_id", session), "test")).await();
    // WAIT bounds the test; how soon the close follows the event is a latency, not asserted here
    assertThat(client.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(client.closeReason).isEqualTo("revoked");
    assertThat(bystander.isOpen()).isTrue();
  }

  @Test
  @DisplayName("token (jti) and user revocations through instance B close the matching sockets on A and B with 4003, and only those")
  void tokenAndUserRevoked() {
    String token = GatewayFixture.token("revoked-token", 300);
    Received byJti = fixture.openWithBearer(a.port(), token);
    Received sameUser = fixture.openWithBearer(a.port(), GatewayFixture.token("revoked-token", 300));
    b.platform().events().publish(AuthEvent.of("revoke_token",
        new JsonObject().put("jti", GatewayFixture.claims(token).getString("jti")), "test")).await();
    assertThat(byJti.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(sameUser.isOpen()).as("the same user's socket with another token").isTrue();

    Received first = fixture.openWithBearer(a.port(), GatewayFixture.token("revoked-user", 300));
    Received second = fixture.openWithBearer(b.port(), GatewayFixture.token("revoked-user", 300));
    Received other = fixture.openWithBearer(a.port(), GatewayFixture.token("someone-else", 300));
    b.platform().events().publish(AuthEvent.of("revoke_user",
        new JsonObject().put("user_id", "revoked-user").put("not_before", Instant.now().getEpochSecond()), "test")).await();
    assertThat(first.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(second.closeCode(WAIT)).isEqualTo(CloseCodes.REVOKED);
    assertThat(other.isOpen()).isTrue();
  }
}
