package authsuite.fallback;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("Sign-in attempts are limited per account, whichever identifier names it")
class AccountRateLimitSecurityTest {
  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true").put("FALLBACK_ADDRESS_ATTEMPTS_PER_MIN", "100"));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("5 wrong passwords by username, then the right one by email: 429")
  void usernameThenEmail() {
    for (int i = 1; i <= 5; i++) {
      assertThat(fixture.signIn("alice", "wrong-" + i).statusCode()).as("attempt " + i).isEqualTo(401);
    }
    HttpResponse<Buffer> byEmail = byEmail("alice@example.com", FallbackFixture.PASSWORD);

    assertThat(byEmail.statusCode()).isEqualTo(429);
    assertThat(byEmail.bodyAsJsonObject().getString("code")).isEqualTo("too_many_attempts");
    assertThat(byEmail.getHeader("Retry-After")).isNotNull();
  }

  @Test
  @DisplayName("5 wrong passwords by email, then the right one by username: 429")
  void emailThenUsername() {
    for (int i = 1; i <= 5; i++) {
      assertThat(byEmail("carol@example.com", "wrong-" + i).statusCode()).as("attempt " + i).isEqualTo(401);
    }
    HttpResponse<Buffer> byUsername = fixture.signIn("carol", FallbackFixture.PASSWORD);

    assertThat(byUsername.statusCode()).isEqualTo(429);
    assertThat(byUsername.bodyAsJsonObject().getString("code")).isEqualTo("too_many_attempts");
  }

  @Test
  @DisplayName("guesses split between username and email add up: the 6th, whichever way, is 429")
  void mixedIdentifiersAddUp() {
    for (int i = 1; i <= 5; i++) {
      HttpResponse<Buffer> guess = i % 2 == 0 ? byEmail("dave@example.com", "wrong-" + i) : fixture.signIn("dave", "wrong-" + i);
      assertThat(guess.statusCode()).as("attempt " + i).isEqualTo(401);
    }
    assertThat(byEmail("dave@example.com", FallbackFixture.PASSWORD).statusCode()).isEqualTo(429);
    assertThat(fixture.signIn("dave", FallbackFixture.PASSWORD).statusCode()).isEqualTo(429);
  }

  @Test
  @DisplayName("an unknown name is limited like an account, whatever its case or surrounding spaces: the 6th is 429, as for a real user")
  void unknownIdentifierIsLimitedToo() {
    String[] spellings = {"ghost", "Ghost", " ghost", "GHOST ", "ghost"};
    for (int i = 0; i < spellings.length; i++) {
      HttpResponse<Buffer> guess = fixture.signIn(spellings[i], "wrong-" + i);
      assertThat(guess.statusCode()).as("attempt " + (i + 1)).isEqualTo(401);
      assertThat(guess.bodyAsJsonObject().getString("code")).isEqualTo("invalid_credentials");
    }
    HttpResponse<Buffer> sixth = fixture.signIn("gHoSt", "wrong-6");
    assertThat(sixth.statusCode()).isEqualTo(429);
    assertThat(sixth.bodyAsJsonObject().getString("code")).isEqualTo("too_many_attempts");
  }

  private HttpResponse<Buffer> byEmail(String email, String password) {
    return fixture.post("/api/v1/fallback/emergency-auth", new JsonObject().put("email", email).put("password", password));
  }
}
