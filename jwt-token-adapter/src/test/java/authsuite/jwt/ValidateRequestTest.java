package authsuite.jwt;

import authsuite.common.http.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The validate body read without the parser when compact reads as the parser reads it")
class ValidateRequestTest {
  @Test
  @DisplayName("{\"token\":\"...\"} and the bodies that only look like it")
  void compactAndNot() {
    assertThat(read("{\"token\":\"aB0-_.x.y\"}")).isEqualTo(new ValidateRequest("aB0-_.x.y", null, List.of()));
    assertThat(read("{\"token\":\"\"}")).isEqualTo(new ValidateRequest("", null, List.of()));
    assertThat(read("{\"token\":\"a\\u002eb\"}")).isEqualTo(new ValidateRequest("a.b", null, List.of()));
    assertThat(read("{\"token\":\"a+b/c\"}")).isEqualTo(new ValidateRequest("a+b/c", null, List.of()));
    assertThat(read("{\"token\": \"a.b\"} ")).isEqualTo(new ValidateRequest("a.b", null, List.of()));
    assertThat(read("{\"token\":\"a.b\",\"audience\":\"api\"}")).isEqualTo(new ValidateRequest("a.b", "api", List.of()));
    assertThat(read("{\"token\":null}")).isEqualTo(new ValidateRequest("from-header", null, List.of()));
    assertThat(failure("{\"token\":\"a.b\"}{\"token\":\"c\"}")).isNotNull();
    assertThat(failure("{\"token\":\"a.b\",\"token\":\"c\"}")).isNotNull();
    assertThat(failure("{\"token\":\"a.b\"")).isNotNull();
  }

  private static ValidateRequest read(String body) {
    Future<ValidateRequest> request = ValidateRequest.from(Buffer.buffer(body), "application/json", () -> "from-header");
    assertThat(request.succeeded()).as(body).isTrue();
    return request.result();
  }

  private static Problem failure(String body) {
    return (Problem) ValidateRequest.from(Buffer.buffer(body), "application/json", () -> "from-header").cause();
  }
}
