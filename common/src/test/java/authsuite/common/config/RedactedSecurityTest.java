package authsuite.common.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@DisplayName("URLs are shown without userinfo and without the values of secret-looking query parameters")
class RedactedSecurityTest {

  @Test
  @DisplayName("userinfo goes, in every scheme the suite is configured with, the rest of the URL stays")
  void userinfo() {
    assertThat(Redacted.url("https://user:s3cret@idp.example/realms/app")).isEqualTo("https://idp.example/realms/app");
    assertThat(Redacted.url("redis://:s3cret@127.0.0.1:6379/0")).isEqualTo("redis://127.0.0.1:6379/0");
    assertThat(Redacted.url("rediss://default:s3cret@cache:6380")).isEqualTo("rediss://cache:6380");
    assertThat(Redacted.url("postgresql://app:s3cret@db:5432/auth")).isEqualTo("postgresql://db:5432/auth");
    assertThat(Redacted.url("http://t0ken-only@primary:8000")).isEqualTo("http://primary:8000");
    assertThat(Redacted.url("http://user:p@ss@word@primary:8000/x")).isEqualTo("http://primary:8000/x");
    assertThat(Redacted.url("http://127.0.0.1:8000/health")).isEqualTo("http://127.0.0.1:8000/health");
    assertThat(Redacted.url((String) null)).isNull();
  }

  @Test
  @DisplayName("every URL of a list, and every URL inside a message")
  void listsAndText() {
    assertThat(Redacted.url("redis://:a1@n1:6379,redis://:b2@n2:6379")).isEqualTo("redis://n1:6379,redis://n2:6379");
    assertThat(Redacted.text("cannot reach postgres://app:s3cret@db:5432/auth (Connection refused), mail ops@example.com"))
        .isEqualTo("cannot reach postgres://db:5432/auth (Connection refused), mail ops@example.com");
  }

  @Test
  @DisplayName("secret-looking query parameters keep their name, lose their value; others stay")
  void queryParameters() {
    assertThat(Redacted.url("https://idp/jwks?access_token=s3cret&realm=app&api_key=s3cret#k"))
        .isEqualTo("https://idp/jwks?access_token=redacted&realm=app&api_key=redacted#k");
    assertThat(Redacted.url("postgresql://db/auth?user=app&password=s3cret&sslmode=require"))
        .isEqualTo("postgresql://db/auth?user=app&password=redacted&sslmode=require");
  }
}
