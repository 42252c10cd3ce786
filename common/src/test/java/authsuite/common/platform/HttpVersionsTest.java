package authsuite.common.platform;

import authsuite.common.testing.RawHttp;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the fuzzing wall: a request line with any other version than HTTP/1.1 or HTTP/1.0 got
 * Vert.x's bare 501, with no problem body, and a status line echoing the client's version
 * ({@code HTTP/9.9 501}, {@code FOO/1.1 501}), which a client cannot even parse as an answer.
 */
@Tag("robustness")
@ExtendWith(VertxExtension.class)
@DisplayName("A request line of another HTTP version is a 400 problem on an HTTP/1.x status line, never a bare 501")
class HttpVersionsTest {

  @Test
  @DisplayName("HTTP/1.2, HTTP/2.0, HTTP/9.9, http/1.1, HTTP/01.1, FOO/1.1 and the HTTP/2 preface are each a 400 malformed_request")
  void otherVersionsAreMalformed(Vertx vertx) {
    int port = TestServices.start(vertx, new KitTestVerticle(), TestServices.embeddedConfig()).await().port();
    for (String version : new String[] {"HTTP/1.2", "HTTP/2.0", "HTTP/9.9", "http/1.1", "HTTP/01.1", "FOO/1.1"}) {
      RawHttp.Answer answer = RawHttp.exchange(port, "GET /health " + version + "\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(answer.status()).as(version).isEqualTo(400);
      assertThat(answer.json().getString("code")).as(version).isEqualTo("malformed_request");
      assertThat(answer.closed()).as(version).isTrue();
    }
    RawHttp.Answer preface = RawHttp.exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertThat(preface.status()).isEqualTo(400);
    assertThat(RawHttp.exchange(port, "GET /health HTTP/1.0\r\n\r\n").status()).as("HTTP/1.0 still served").isEqualTo(200);
  }
}
