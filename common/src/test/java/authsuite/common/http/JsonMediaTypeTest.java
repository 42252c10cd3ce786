package authsuite.common.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("JsonBody.isJson: application/json alone, parameters allowed, a charset only utf-8")
class JsonMediaTypeTest {

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "Application/JSON", " application/json ", "application/json; charset=utf-8",
      "application/json;charset=\"UTF-8\"", "application/json; profile=x"})
  void json(String contentType) {
    assertThat(JsonBody.isJson(contentType)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/jsonp", "application/json-seq", "application/jsonx; charset=utf-8", "text/plain",
      "application/problem+json", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1",
      "application/json; charset", "", "json"})
  void notJson(String contentType) {
    assertThat(JsonBody.isJson(contentType)).isFalse();
  }
}
