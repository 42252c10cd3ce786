package authsuite.fallback;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("bcrypt reads only 72 bytes: a longer password is refused like a wrong one, never matched on its prefix")
class LongPasswordSecurityTest {
  private static final String PREFIX = "a".repeat(72);
  /** Exactly 72 bytes: the longest password bcrypt verifies in full. */
  private static final String LONGEST = "b".repeat(72);

  private FallbackFixture fixture;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    fixture = new FallbackFixture(vertx);
    // as the primary auth service stores them: its bcrypt reads the first 72 bytes of "72 a's + x..."
    fixture.db.preparedQuery("INSERT INTO users (email, username, hashed_password, is_active) VALUES ($1, $2, $3, true)")
        .executeBatch(List.of(
            Tuple.of("long@example.com", "longpass", truncatedHash(PREFIX + "xyz-the-rest")),
            Tuple.of("edge@example.com", "edge", truncatedHash(LONGEST))))
        .await();
    fixture.start(fixture.config().put("FALLBACK_ENABLED", "true"));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  @DisplayName("72 a's + WRONG against a password of 72 a's + more is 401 invalid_credentials, audited as a wrong password")
  void prefixDoesNotSignIn() {
    HttpResponse<Buffer> response = fixture.signIn("longpass", PREFIX + "WRONG");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("invalid_credentials");
    assertThat(response.bodyAsString()).doesNotContain("access_token");
    assertThat(fixture.auditRows().stream().map(row -> row.getString("outcome"))).containsExactly("wrong_password");
  }

  @Test
  @DisplayName("any password over 72 UTF-8 bytes is refused, even the one the account was made with, and multi-byte text counts in bytes")
  void overLimitIsRefusedWhateverItIs() {
    assertThat(fixture.signIn("longpass", PREFIX + "xyz-the-rest").statusCode()).isEqualTo(401);
    // 71 a's and an e-acute: 71 characters but 73 bytes
    assertThat(fixture.signIn("longpass", "a".repeat(71) + "\u00e9").statusCode()).isEqualTo(401);
    assertThat(fixture.signIn("nobody-at-all", PREFIX + "WRONG").statusCode()).as("an unknown user alike").isEqualTo(401);
  }

  @Test
  @DisplayName("a password of exactly 72 bytes still signs in")
  void exactly72BytesSignsIn() {
    assertThat(fixture.signIn("edge", LONGEST).statusCode()).isEqualTo(200);
    assertThat(fixture.signIn("edge", LONGEST.substring(1)).statusCode()).isEqualTo(401);
  }

  private static String truncatedHash(String password) {
    byte[] hash = BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B))
        .hash(4, password.getBytes(StandardCharsets.UTF_8));
    return new String(hash, StandardCharsets.US_ASCII);
  }
}
