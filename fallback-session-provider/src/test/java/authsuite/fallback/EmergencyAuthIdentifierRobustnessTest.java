package authsuite.fallback;

import authsuite.common.events.ModeChange;
import authsuite.common.testing.HostileText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@ExtendWith(VertxExtension.class)
@DisplayName("emergency-auth takes only identifiers as username or email: 400 naming the field, before any lookup or audit")
class EmergencyAuthIdentifierRobustnessTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx).start();
    fixture.forceMode(ModeChange.DEGRADED);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("a username or email with NUL, a bidi override, a lone surrogate or in NFD is 400 invalid_identifier, and not audited")
  void hostileNames() {
    HostileText.identifiers().forEach((what, name) -> {
      for (String field : new String[] {"username", "email"}) {
        JsonObject body = new JsonObject().put(field, name).put("password", FallbackFixture.PASSWORD);
        HttpResponse<Buffer> answer = fixture.postRaw("/api/v1/fallback/emergency-auth", "application/json",
            Buffer.buffer(HostileText.json(body)));
        assertThat(answer.statusCode()).as("%s %s: %s", field, what, answer.bodyAsString()).isEqualTo(400);
        assertThat(answer.bodyAsJsonObject().getString("code")).as("%s %s", field, what).isEqualTo("invalid_identifier");
        assertThat(answer.bodyAsJsonObject().getString("field")).isEqualTo(field);
      }
    });
    assertThat(fixture.auditTableExists() ? fixture.auditRows() : java.util.List.of()).isEmpty();
    assertThat(Files.exists(fixture.auditFile())).isFalse();
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
  }
}
