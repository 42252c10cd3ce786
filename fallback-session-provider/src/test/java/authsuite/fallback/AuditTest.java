package authsuite.fallback;

import authsuite.common.events.ModeChange;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Every attempt is audited once: in emergency_audit, or in the local file replayed into it")
class AuditTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx).start();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("one row per attempt, granted or not, with who, when, where, outcome and the issued token's id")
  void oneRowPerAttempt() {
    Instant before = Instant.now().minusSeconds(1);
    fixture.signIn("alice", FallbackFixture.PASSWORD);
    fixture.forceMode(ModeChange.DEGRADED);
    JsonObject grant = fixture.signIn("alice", FallbackFixture.PASSWORD).bodyAsJsonObject();
    fixture.signIn("alice", "wrong");
    fixture.signIn("bob", FallbackFixture.PASSWORD);
    fixture.signIn("nobody", FallbackFixture.PASSWORD);

    List<Row> rows = fixture.auditRows();
    assertThat(rows).hasSize(5);
    assertThat(rows.stream().map(r -> r.getString("outcome")))
        .containsExactlyInAnyOrder("not_active", "granted", "wrong_password", "inactive_user", "unknown_user");
    assertThat(rows.stream().map(r -> r.getUUID("attempt_id")).collect(Collectors.toSet())).hasSize(5);
    for (Row row : rows) {
      assertThat(row.getString("client_address")).isEqualTo("127.0.0.1");
      assertThat(row.getOffsetDateTime("occurred_at").toInstant()).isAfter(before);
      assertThat(row.getString("recorded_via")).isEqualTo("direct");
      assertThat(row.getString("kind")).isEqualTo("password");
    }
    Row granted = rows.stream().filter(r -> "granted".equals(r.getString("outcome"))).findFirst().orElseThrow();
    assertThat(granted.getString("identifier")).isEqualTo("alice");
    assertThat(granted.getString("user_id")).isEqualTo(grant.getJsonObject("identity").getString("user_id"));
    assertThat(granted.getString("token_id")).isEqualTo(jti(grant.getString("access_token")));
    assertThat(granted.getOffsetDateTime("token_expires_at").toInstant()).isEqualTo(Instant.parse(grant.getString("expires_at")));
    assertThat(rows.stream().filter(r -> r.getString("token_id") != null)).hasSize(1);

    String metrics = fixture.client.get(fixture.service.port(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    // every kind and outcome is exposed from the start; the five attempts are the five series above 0
    assertThat(metrics.lines().filter(line -> line.startsWith("authsuite_emergency_signins_total{") && !line.endsWith(" 0.0")))
        .anyMatch(line -> line.contains("outcome=\"granted\"") && line.endsWith(" 1.0"))
        .anyMatch(line -> line.contains("outcome=\"unknown_user\"") && line.endsWith(" 1.0"))
        .allMatch(line -> line.contains("service=\"fallback-session-provider\"") && line.contains("kind=\"password\""))
        .hasSize(5);
  }

  @Test
  @DisplayName("attempts made while PostgreSQL is down appear once after it is back: none lost, none doubled")
  void replayedAfterTheOutage() throws Exception {
    fixture.forceMode(ModeChange.DEGRADED);
    fixture.signIn("alice", FallbackFixture.PASSWORD);
    fixture.pgProxy.cutOff().await();

    assertThat(fixture.signIn(FallbackFixture.BREAK_GLASS_USER, FallbackFixture.BREAK_GLASS_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(503);
    assertThat(fixture.signIn("nobody", "x").statusCode()).isEqualTo(503);
    assertThat(pendingLines()).hasSize(3);
    assertThat(fixture.auditRows()).hasSize(1);

    fixture.pgProxy.restore();
    FallbackFixture.awaitCondition(() -> fixture.auditRows().size() == 4 && !Files.exists(fixture.auditFile()),
        "the file to be replayed");
    // not an event wait: about five more replay rounds (FALLBACK_AUDIT_REPLAY_MS is 200 here) that must add nothing
    Thread.sleep(1_000);

    List<Row> rows = fixture.auditRows();
    assertThat(rows).hasSize(4);
    assertThat(rows.stream().filter(r -> "replayed".equals(r.getString("recorded_via"))).map(r -> r.getString("outcome")))
        .containsExactlyInAnyOrder("granted", "users_unavailable", "users_unavailable");
    assertThat(rows.stream().filter(r -> "replayed".equals(r.getString("recorded_via"))).map(r -> r.getString("source")))
        .containsOnly("break_glass");
    assertThat(rows.stream().map(r -> r.getUUID("attempt_id")).collect(Collectors.toSet())).hasSize(4);
    assertThat(Files.exists(Path.of(fixture.auditFile() + ".replaying"))).isFalse();
  }

  @Test
  @DisplayName("a replay cut short (its file left behind, half of it already in the table) is finished without doubles")
  void interruptedReplayIsFinishedOnce() throws Exception {
    fixture.forceMode(ModeChange.DEGRADED);
    fixture.signIn("alice", FallbackFixture.PASSWORD);
    Row existing = fixture.auditRows().get(0);
    AuditEntry alreadyIn = new AuditEntry(existing.getUUID("attempt_id"), existing.getOffsetDateTime("occurred_at").toInstant(),
        "password", "alice", existing.getString("user_id"), "127.0.0.1", "granted", "users_table", existing.getString("token_id"),
        existing.getOffsetDateTime("token_expires_at").toInstant(), null);
    AuditEntry notYet = new AuditEntry(UUID.randomUUID(), Instant.now(), "password", "carol", null, "127.0.0.1", "wrong_password",
        "break_glass", null, null, null);
    Path written = Files.writeString(fixture.dir.resolve("left-over"),
        alreadyIn.toJson().encode() + "\n" + notYet.toJson().encode() + "\n", StandardCharsets.UTF_8);
    Files.move(written, Path.of(fixture.auditFile() + ".replaying"), StandardCopyOption.ATOMIC_MOVE);

    FallbackFixture.awaitCondition(() -> !Files.exists(Path.of(fixture.auditFile() + ".replaying")), "the left-over file to be replayed");

    List<Row> rows = fixture.auditRows();
    assertThat(rows).hasSize(2);
    Set<UUID> ids = rows.stream().map(r -> r.getUUID("attempt_id")).collect(Collectors.toSet());
    assertThat(ids).containsExactlyInAnyOrder(alreadyIn.attemptId(), notYet.attemptId());
  }

  @Test
  @DisplayName("the migration is idempotent: a second instance on the same database starts and audits into the same table")
  void migrationRunsTwice(Vertx vertx) {
    fixture.forceMode(ModeChange.DEGRADED);
    fixture.signIn("alice", FallbackFixture.PASSWORD);
    FallbackProviderVerticle second = fixture.startAnother();
    fixture.client.post(second.port(), "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", "carol").put("password", FallbackFixture.PASSWORD)).await();

    assertThat(fixture.auditTableExists()).isTrue();
    assertThat(fixture.auditRows()).hasSize(2);
    vertx.undeploy(second.deploymentID()).await();
  }

  /** Lines not yet in the table: the current file and any file a replay has set aside. */
  private List<String> pendingLines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path file : List.of(fixture.auditFile(), Path.of(fixture.auditFile() + ".replaying"))) {
      if (Files.exists(file)) {
        lines.addAll(Files.readAllLines(file));
      }
    }
    return lines;
  }

  private static String jti(String token) {
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    return new JsonObject(payload).getString("jti");
  }
}
