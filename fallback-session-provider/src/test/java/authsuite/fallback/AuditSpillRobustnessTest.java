package authsuite.fallback;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@ExtendWith(VertxExtension.class)
@DisplayName("One audit record PostgreSQL refuses never blocks the others: it is quarantined, every good one is replayed")
class AuditSpillRobustnessTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private static AuditEntry entry(String identifier) {
    return new AuditEntry(UUID.randomUUID(), Instant.now(), "password", identifier, null, "127.0.0.1", "unknown_user",
        "break_glass", null, null, null);
  }

  @Test
  @DisplayName("a spill file with a NUL-bearing line between good lines: the good lines reach emergency_audit, the bad one the quarantine, later lines too")
  void poisonLineIsQuarantined() throws Exception {
    AuditEntry before = entry("carol");
    AuditEntry poison = entry("mallory\u0000");
    AuditEntry after = entry("dave");
    Path spill = Path.of(fixture.auditFile() + ".replaying");
    Files.createDirectories(spill.getParent());
    Path written = Files.writeString(fixture.dir.resolve("left-over"), before.toJson().encode() + "\n" + poison.toJson().encode()
        + "\n" + "{torn\n" + after.toJson().encode() + "\n", StandardCharsets.UTF_8);
    Files.move(written, spill, StandardCopyOption.ATOMIC_MOVE);
    fixture.start();

    FallbackFixture.awaitCondition(() -> !Files.exists(spill), "the spill file to be replayed");
    assertThat(ids(fixture.auditRows())).containsExactlyInAnyOrder(before.attemptId(), after.attemptId());
    Path quarantine = Path.of(fixture.auditFile() + ".quarantine");
    assertThat(quarantine).exists();
    List<String> quarantined = Files.readAllLines(quarantine, StandardCharsets.UTF_8);
    assertThat(quarantined).hasSize(2).anyMatch(line -> line.contains(poison.attemptId().toString())).contains("{torn");

    // what is spilled later is replayed as well: the bad line is gone from the way
    AuditEntry later = entry("erin");
    Files.writeString(fixture.auditFile(), later.toJson().encode() + "\n", StandardCharsets.UTF_8);
    FallbackFixture.awaitCondition(() -> ids(fixture.auditRows()).contains(later.attemptId()), "a later spilled line to be replayed");
    assertThat(fixture.auditRows()).hasSize(3);
  }

  private static List<UUID> ids(List<Row> rows) {
    return rows.stream().map(row -> row.getUUID("attempt_id")).toList();
  }
}
