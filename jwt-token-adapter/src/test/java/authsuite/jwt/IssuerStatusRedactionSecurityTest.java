package authsuite.jwt;

import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.CapturedLogs;
import authsuite.common.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("jwt/status shows issuers' URLs without the credentials they may carry")
class IssuerStatusRedactionSecurityTest {
  private static final String SECRET = "s3cret";
  private static final String UNREACHABLE_ISSUER = "http://idp-user:" + SECRET + "@127.0.0.1:1/realms/app";

  private AdapterFixture fixture;

  @BeforeEach
  void create(Vertx vertx) throws Exception {
    fixture = new AdapterFixture(vertx);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  @DisplayName("a jwks_uri with userinfo and an access_token, and an unreachable issuer with userinfo: no secret in the body or the logs")
  void noCredentialInStatusOrLogs() {
    String jwksUri = fixture.idp.jwksUri().toString().replace("http://", "http://jwks-user:" + SECRET + "@") + "?access_token=t0ken-" + SECRET;
    JsonArray issuers = new JsonArray()
        .add(new JsonObject().put("issuer", fixture.idp.issuer()).put("jwks_uri", jwksUri)
            .put("algorithms", new JsonArray().add("RS256")))
        .add(new JsonObject().put("issuer", UNREACHABLE_ISSUER).put("algorithms", new JsonArray().add("RS256")));

    try (CapturedLogs logs = CapturedLogs.named("authsuite")) {
      fixture.start(fixture.config().put(SuiteConfig.JWT_ISSUERS, issuers.encode()));
      JsonObject unreachable = awaitIssuerError();

      HttpResponse<Buffer> status = fixture.client.get(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/status").send().await();

      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.bodyAsString()).doesNotContain(SECRET).doesNotContain("jwks-user").doesNotContain("idp-user");
      assertThat(status.bodyAsString()).contains(fixture.idp.jwksUri().toString()).contains("127.0.0.1:1/realms/app");
      assertThat(unreachable.getString("last_error")).isNotNull();
      assertThat(logs.lines()).anyMatch(line -> line.contains("could not be fetched"));
      assertThat(logs.text()).doesNotContain(SECRET);
    }
  }

  private JsonObject awaitIssuerError() {
    JsonObject status = Eventually.until(
        () -> fixture.client.get(fixture.adapter.port(), "127.0.0.1", "/api/v1/jwt/status").send().await().bodyAsJsonObject(),
        answer -> unreachableWithError(answer) != null, Duration.ofSeconds(10));
    return unreachableWithError(status);
  }

  /** The unreachable issuer's entry once it reports its error; else null. */
  private static JsonObject unreachableWithError(JsonObject status) {
    for (Object issuer : status.getJsonArray("issuers", new JsonArray())) {
      JsonObject entry = (JsonObject) issuer;
      if (entry.getString("issuer", "").contains("127.0.0.1:1") && entry.getString("last_error") != null) {
        return entry;
      }
    }
    return null;
  }
}
