package authsuite.common.jwt;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The identity written without a tree is the tree's JSON, byte for byte")
class IdentityJsonTest {
  static Stream<Identity> identities() {
    Instant now = Instant.ofEpochSecond(1_764_668_034L);
    return Stream.of(
        identity("user-1", "user1@example.com", List.of("user", "admin"), now, now.plusSeconds(900)),
        identity("u\"quoted\\", null, List.of(), null, null),
        identity("José 名前", "é@example.com", List.of("rôle"), Instant.EPOCH, Instant.ofEpochSecond(NumericDate.MAX_SECONDS)),
        identity("line\nbreak\u0001", "tab\there", List.of("del\u007f"), now, now),
        identity("emoji \uD83D\uDE00", "lone \uD800", List.of(), now, now),
        identity("leap", "feb", List.of(), Instant.parse("2024-02-29T23:59:59Z"), Instant.parse("2000-03-01T00:00:00Z")),
        identity("fraction", "ms", List.of(), Instant.ofEpochMilli(1_764_668_034_123L), Instant.parse("1999-12-31T12:34:56Z")));
  }

  @ParameterizedTest
  @MethodSource("identities")
  @DisplayName("the validate answer, and the identity read back out of it")
  void sameBytes(Identity identity) {
    byte[] answer = IdentityJson.validAnswer(identity);
    assertThat(answer)
        .isEqualTo(new JsonObject().put("valid", true).put("identity", identity.toJson()).toBuffer().getBytes());
    assertThat(IdentityJson.identityOf(answer)).as("the identity read back out of the answer")
        .isEqualTo(new String(identity.toJson().toBuffer().getBytes(), StandardCharsets.UTF_8));
    assertThat(new JsonObject(IdentityJson.identityOf(answer))).isEqualTo(identity.toJson());
  }

  private static Identity identity(String user, String email, List<String> roles, Instant issuedAt, Instant expiresAt) {
    return new Identity(user, user, email, "name", roles, List.of("openid"), "sid-1", "authsuite", List.of("api", "web"),
        issuedAt, expiresAt, "access", "jwt", false);
  }
}
