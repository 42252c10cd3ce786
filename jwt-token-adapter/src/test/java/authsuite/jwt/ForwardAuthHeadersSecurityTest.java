package authsuite.jwt;

import authsuite.common.testing.RawHttp;
import authsuite.common.testing.TestTokens;
import io.vertx.core.json.JsonArray;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@DisplayName("Forward-auth never copies a claim into a header raw: control and non-ASCII bytes arrive percent-encoded")
class ForwardAuthHeadersSecurityTest extends StartedAdapterTest {

  @ParameterizedTest(name = "email {0}")
  @ValueSource(strings = {"a@b.c\r\nX-Evil: 1", "a@b.c\r\n X-Evil: 1", "a@b.c\r\n\tX-Evil: 1", "a\u0000b", "a@b.c\nX-Evil: 1",
      "a@b.c\u010d\u010aX-Evil: 1", "jos\u00e9@b.c", "100%@b.c"})
  @DisplayName("a signed email with CR, LF, NUL or non-ASCII answers 200 with one clean, reversible X-User-Email line")
  void hostileEmailClaim(String email) {
    String token = TestTokens.primary(TestTokens.primaryClaims("42").put("email", email));

    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(),
        "GET /api/v1/jwt/verify HTTP/1.1\r\nHost: adapter\r\nAuthorization: Bearer " + token + "\r\n\r\n");

    assertThat(answer.timedOut()).isFalse();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headerLines()).noneMatch(line -> line.toLowerCase().startsWith("x-evil"))
        .noneMatch(line -> line.startsWith(" ") || line.startsWith("\t"))
        .allMatch(line -> line.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
    String carried = answer.header("X-User-Email");
    assertThat(carried).doesNotContain(" ");
    assertThat(percentDecoded(carried)).isEqualTo(email);
    assertThat(answer.header("X-User-Id")).isEqualTo("42");
  }

  @ParameterizedTest(name = "role {0}")
  @ValueSource(strings = {"ops\r\nX-Evil: 1", "a,b"})
  @DisplayName("a role that holds CR LF or a comma stays one item of X-User-Roles")
  void hostileRoleClaim(String role) {
    String token = TestTokens.primary(TestTokens.primaryClaims("42").put("roles", new JsonArray().add("chat-user").add(role)));

    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(),
        "GET /api/v1/jwt/verify HTTP/1.1\r\nHost: adapter\r\nAuthorization: Bearer " + token + "\r\n\r\n");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headerLines()).noneMatch(line -> line.toLowerCase().startsWith("x-evil"));
    List<String> roles = List.of(answer.header("X-User-Roles").split(","));
    assertThat(roles.stream().map(ForwardAuthHeadersSecurityTest::percentDecoded)).containsExactly("chat-user", role);
  }

  /** RFC 3986 percent-decoding as UTF-8 ('+' is a plus, not a space). */
  static String percentDecoded(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
