package authsuite.jwt;

import authsuite.common.testing.RawHttp;
import authsuite.common.testing.TestTokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@DisplayName("Ambiguous requests (two credentials, two framings) are refused with 400 problem+json, never processed")
class AmbiguousRequestsSecurityTest extends StartedAdapterTest {
  private final String alice = TestTokens.primary(TestTokens.primaryClaims("alice"));
  private final String mallory = TestTokens.primary(TestTokens.primaryClaims("mallory"));

  @Test
  @DisplayName("two Authorization headers on validate (the hot path) are 400 ambiguous_request")
  void twoAuthorizationHeadersOnValidate() {
    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(), "POST /api/v1/jwt/validate HTTP/1.1\r\nHost: adapter\r\n"
        + "Authorization: Bearer " + alice + "\r\nAuthorization: Bearer " + mallory + "\r\nContent-Length: 0\r\n\r\n");

    assertProblem(answer, "ambiguous_request");
  }

  @Test
  @DisplayName("two Authorization headers on forward-auth verify are 400, not the first one's identity")
  void twoAuthorizationHeadersOnVerify() {
    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(), "GET /api/v1/jwt/verify HTTP/1.1\r\nHost: adapter\r\n"
        + "Authorization: Bearer " + alice + "\r\nAuthorization: Bearer " + mallory + "\r\n\r\n");

    assertProblem(answer, "ambiguous_request");
    assertThat(answer.header("X-User-Id")).isNull();
  }

  @Test
  @DisplayName("two Authorization headers on a contract route (exchange) are 400 too")
  void twoAuthorizationHeadersOnContractRoute() {
    String body = new JsonObject().put("token", alice).encode();
    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(), "POST /api/v1/jwt/exchange HTTP/1.1\r\nHost: adapter\r\n"
        + "Authorization: Bearer " + alice + "\r\nAuthorization: Bearer " + mallory + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body);

    assertProblem(answer, "ambiguous_request");
  }

  @Test
  @DisplayName("Content-Length beside Transfer-Encoding: chunked on validate is 400 ambiguous_framing, and the connection closes (RFC 9112 6.1)")
  void contentLengthAndChunkedOnValidate() {
    String body = new JsonObject().put("token", alice).encode();
    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(), "POST /api/v1/jwt/validate HTTP/1.1\r\nHost: adapter\r\n"
        + "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");

    assertProblem(answer, "ambiguous_framing");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  @DisplayName("Content-Length beside Transfer-Encoding: chunked on a contract route (refresh) is 400 ambiguous_framing")
  void contentLengthAndChunkedOnContractRoute() {
    String body = new JsonObject().put("refresh_token", "x").encode();
    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(), "POST /api/v1/jwt/refresh HTTP/1.1\r\nHost: adapter\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: " + body.length() + "\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");

    assertProblem(answer, "ambiguous_framing");
  }

  @Test
  @DisplayName("a Transfer-Encoding other than chunked alone cannot be framed: 400 ambiguous_framing, and the connection closes (RFC 9112 6.3)")
  void unframeableTransferEncoding() {
    RawHttp.Answer answer = RawHttp.exchange(fixture.adapter.port(), "POST /api/v1/jwt/validate HTTP/1.1\r\nHost: adapter\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n");

    assertProblem(answer, "ambiguous_framing");
    assertThat(answer.closed()).isTrue();
  }

  static void assertProblem(RawHttp.Answer answer, String code) {
    assertThat(answer.timedOut()).as("answered in time: %s", answer).isFalse();
    assertThat(answer.status()).as("%s", answer).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.json().getString("code")).isEqualTo(code);
    assertThat(answer.json().getInteger("status")).isEqualTo(400);
  }
}
