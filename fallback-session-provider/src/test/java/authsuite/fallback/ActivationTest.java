package authsuite.fallback;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("An operator can open emergency sign-in without the coordinator, on every instance")
class ActivationTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("the internal activation endpoint opens sign-in here and, by event, on another instance; disabling closes it")
  void internalEndpoint(Vertx vertx) {
    fixture.start();
    FallbackProviderVerticle other = fixture.startAnother();
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(403);

    HttpResponse<Buffer> opened = fixture.internalPost("/api/v1/fallback/activation",
        new JsonObject().put("enabled", true).put("expires_in_s", 600));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(200);
    assertThat(opened.bodyAsJsonObject().getBoolean("broadcast")).isTrue();
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
    FallbackFixture.awaitCondition(() -> signInAt(other).statusCode() == 200, "the other instance to open");

    fixture.internalPost("/api/v1/fallback/activation", new JsonObject().put("enabled", false));
    assertThat(fixture.signIn("carol", FallbackFixture.PASSWORD).statusCode()).isEqualTo(403);
    FallbackFixture.awaitCondition(() -> signInAt(other).statusCode() == 403, "the other instance to close");
    vertx.undeploy(other.deploymentID()).await();
  }

  @Test
  @DisplayName("FALLBACK_ENABLED=true keeps sign-in open whatever the mode")
  void configFlag() {
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true"));
    assertThat(fixture.status().getJsonArray("reasons").getList()).containsExactly("operator");
    assertThat(fixture.signIn("alice", FallbackFixture.PASSWORD).statusCode()).isEqualTo(200);
  }

  private HttpResponse<Buffer> signInAt(FallbackProviderVerticle instance) {
    return fixture.client.post(instance.port(), "127.0.0.1", "/api/v1/fallback/emergency-auth")
        .sendJsonObject(new JsonObject().put("username", "dave").put("password", FallbackFixture.PASSWORD)).await();
  }
}
