package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.http.CorrelationId;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as an operator runs it (JSON lines on stdout): a revocation sent to the coordinator is applied by every
 * service, and each line it causes, in the coordinator and in the services that hear the event, carries the
 * request's correlation id. Requests are sent in concurrent pairs, so the coordinator's one event loop (and each
 * receiver's) handles two of them at once: a line carrying the other request's id, or none, would break the counts.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A request's correlation id is on every log line it causes, across services, and on no other request's lines")
class CorrelatedLogsTest {
  private static final int PAIRS = 10;
  private static final long START_PATIENCE_MS = 90_000;
  private static final long LOG_PATIENCE_MS = 15_000;

  @Test
  @DisplayName("sync-auth revoke_user: one 'published' line in the coordinator and one 'revocation applied' line per service, all with the request's id")
  void revocationLinesCarryTheirRequestsId(Vertx vertx, @TempDir Path dir) throws Exception {
    WebClient http = WebClient.create(vertx);
    try (LauncherProcess suite = LauncherProcess.start(dir.resolve("suite.log"), Map.of())) {
      SuiteProbes.awaitLive(vertx, http, suite, START_PATIENCE_MS);
      String internal = TestTokens.internal(vertx);
      List<String> ids = new ArrayList<>();
      for (int pair = 0; pair < PAIRS; pair++) {
        String first = "corr-" + pair + "-a";
        String second = "corr-" + pair + "-b";
        ids.add(first);
        ids.add(second);
        Future.all(revokeUser(http, suite, internal, first, "user-" + pair + "-a"),
            revokeUser(http, suite, internal, second, "user-" + pair + "-b")).await();
      }

      // every service keeps a mirror of the revocations (the coordinator's own included), each under an instance name
      int mirrors = SuiteService.values().length;
      SuiteProbes.until(vertx, () -> new JsonObject().put("applied", linesWith(suite.log(), "revocation applied").size()),
          seen -> seen.getInteger("applied") >= ids.size() * mirrors, LOG_PATIENCE_MS);
      List<JsonObject> lines = jsonLines(suite.log());

      Set<String> everyMirror = lines.stream().filter(line -> "revocation applied".equals(line.getString("message")))
          .map(line -> line.getString("instance")).collect(Collectors.toSet());
      assertThat(everyMirror).as("each service applies revocations").hasSize(mirrors);
      for (String id : ids) {
        List<JsonObject> caused = lines.stream().filter(line -> id.equals(line.getString("correlation_id"))).toList();
        assertThat(caused).as("lines of %s", id).filteredOn(line -> "auth event published".equals(line.getString("message")))
            .singleElement().satisfies(line -> assertThat(line.getString("logger_name")).endsWith("CoordinatorRoutes"));
        assertThat(caused).filteredOn(line -> "revocation applied".equals(line.getString("message")))
            .extracting(line -> line.getString("instance")).as("services that applied %s", id).containsExactlyInAnyOrderElementsOf(everyMirror);
      }
      assertThat(linesWith(suite.log(), "revocation applied")).as("no revocation line without its request's id")
          .allSatisfy(line -> assertThat(ids).contains(line.getString("correlation_id")));
    } finally {
      http.close();
    }
  }

  private static Future<?> revokeUser(WebClient http, LauncherProcess suite, String internal, String correlationId, String userId) {
    return http.post(suite.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR), "127.0.0.1", "/api/v1/coordinator/sync-auth")
        .putHeader("Authorization", "Bearer " + internal)
        .putHeader(CorrelationId.HEADER, correlationId)
        .sendJsonObject(new JsonObject().put("type", "revoke_user").put("user_id", userId))
        .map(answer -> {
          assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
          return answer;
        });
  }

  private static List<JsonObject> linesWith(Path log, String message) {
    return jsonLines(log).stream().filter(line -> message.equals(line.getString("message"))).toList();
  }

  private static List<JsonObject> jsonLines(Path log) {
    try {
      return Files.readAllLines(log).stream().filter(line -> line.startsWith("{")).map(JsonObject::new).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
