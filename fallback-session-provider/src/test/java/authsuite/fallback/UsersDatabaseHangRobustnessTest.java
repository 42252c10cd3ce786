package authsuite.fallback;

import authsuite.common.events.ModeChange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL hangs for real: the fixture's {@code TcpOutageProxy} keeps the service's connections open and
 * answers nothing on them (new ones included), which is what a client of a stopped server sees. The shared
 * test PostgreSQL cannot be stopped, and one of the test's own would need every backend process stopped, not
 * just the postmaster, for its open connections to hang.
 */
@Tag("robustness")
@Timeout(120)
@ExtendWith(VertxExtension.class)
@DisplayName("A hung users database is 'cannot tell' (503 users_unavailable), never a wrong password, and answered by the open circuit once it opens")
class UsersDatabaseHangRobustnessTest {
  private static final long DB_TIMEOUT_MS = 1_500;
  /** Long enough that the calls the test makes with the circuit open all fall within it. */
  private static final long BREAKER_RESET_MS = 4_000;
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
    fixture.start(fixture.config().put("FALLBACK_DB_TIMEOUT_MS", String.valueOf(DB_TIMEOUT_MS))
        .put("FALLBACK_DB_BREAKER_RESET_MS", String.valueOf(BREAKER_RESET_MS)));
    fixture.forceMode(ModeChange.DEGRADED);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.pgProxy.restore();
    fixture.close();
  }

  private static void assertUnavailable(HttpResponse<Buffer> answer, String who) {
    assertThat(answer.statusCode()).as("%s: %s", who, answer.bodyAsString()).isEqualTo(503);
    assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("users_unavailable");
    assertThat(answer.getHeader("Retry-After")).as(who).matches("[1-9][0-9]*");
  }

  @Test
  @DisplayName("hung: 503 with Retry-After for a table user, from the open circuit once open; break-glass still signs in; every attempt audited after; back by itself")
  void hungDatabase() {
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
    fixture.pgProxy.hang();

    assertUnavailable(fixture.signIn("alice", FallbackFixture.PASSWORD), "alice, right password");
    assertUnavailable(fixture.signIn("nobody", "whatever"), "an unknown name");

    // answered by the open circuit, which does not call PostgreSQL: open before the sign-in and still open after it
    // (how fast such an answer is, is not asserted here)
    assertThat(circuit()).as("the database circuit before carol's sign-in").isEqualTo("open");
    assertUnavailable(fixture.signIn("carol", "whatever"), "carol, with the circuit open");
    assertThat(circuit()).as("the database circuit after carol's sign-in").isEqualTo("open");

    HttpResponse<Buffer> breakGlass = fixture.signIn(FallbackFixture.BREAK_GLASS_USER, FallbackFixture.BREAK_GLASS_PASSWORD);
    assertThat(breakGlass.statusCode()).as(breakGlass.bodyAsString()).isEqualTo(200);
    assertThat(breakGlass.getHeader("X-Auth-Degraded")).isEqualTo("true");
    assertThat(circuit()).isNotEqualTo("closed");

    fixture.pgProxy.restore();
    FallbackFixture.awaitCondition(() -> "closed".equals(fixture.status().getJsonObject("database").getString("circuit")),
        "the half-open probe to close the circuit");
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);

    FallbackFixture.awaitCondition(() -> outcomes(fixture.auditRows()).size() == 6, "every attempt to be in emergency_audit");
    List<String> outcomes = outcomes(fixture.auditRows());
    assertThat(outcomes).containsExactlyInAnyOrder("granted", "users_unavailable", "users_unavailable", "users_unavailable",
        "granted", "granted");
  }

  private String circuit() {
    return fixture.status().getJsonObject("database").getString("circuit");
  }

  private static List<String> outcomes(List<Row> rows) {
    return rows.stream().map(row -> row.getString("outcome")).toList();
  }
}
