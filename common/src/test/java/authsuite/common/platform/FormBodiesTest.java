package authsuite.common.platform;

import authsuite.common.http.ProblemResponder;
import authsuite.common.testing.CapturedLogs;
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
 * Found by the fuzzing wall: a request that declared a form (urlencoded or multipart) had its body
 * decoded as one before any handler could refuse it, so a stray {@code %zz} in it, or the mere
 * declaration on a GET, was a 500 and an ERROR line. The contracts take JSON alone, so a form is
 * refused as what it is, 415, before anything decodes it.
 */
@Tag("robustness")
@ExtendWith(VertxExtension.class)
@DisplayName("A request declaring a form body is 415 unsupported_media_type before anything decodes it, never a 500")
class FormBodiesTest {

  @Test
  @DisplayName("a urlencoded body with a malformed escape, and multipart on GET and HEAD, are 415 problems without an ERROR line")
  void formsAreRefused(Vertx vertx) {
    int port = TestServices.start(vertx, new KitTestVerticle(), TestServices.embeddedConfig()).await().port();
    String urlencoded = "name=%zz&x=%";
    try (CapturedLogs logs = CapturedLogs.of(ProblemResponder.class)) {
      for (String request : new String[] {
          "POST /api/v1/kit/greetings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              + "Content-Length: " + urlencoded.length() + "\r\n\r\n" + urlencoded,
          "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 2\r\n\r\n{}",
          "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n\r\n"}) {
        RawHttp.Answer answer = RawHttp.exchange(port, request);
        assertThat(answer.status()).as(request).isEqualTo(415);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.json().getString("code")).isEqualTo("unsupported_media_type");
      }
      assertThat(logs.lines()).noneMatch(line -> line.startsWith("ERROR"));
    }
  }
}
