package authsuite.common.http;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("HeaderValues: visible ASCII travels as is, every other byte (and '%') percent-encoded")
class HeaderValuesTest {

  @Test
  @DisplayName("plain values are returned as they are, the same instance")
  void plainValuesUnchanged() {
    String email = "alice+chat@example.com";
    assertThat(HeaderValues.encode(email)).isSameAs(email);
    assertThat(HeaderValues.encode(null)).isEmpty();
  }

  @Test
  @DisplayName("CR, LF, NUL, space, tab, '%' and non-ASCII are encoded as UTF-8 bytes")
  void controlAndNonAsciiEncoded() {
    assertThat(HeaderValues.encode("a@b.c\r\n X-Evil: 1")).isEqualTo("a@b.c%0D%0A%20X-Evil:%201");
    assertThat(HeaderValues.encode("a\u0000b\tc")).isEqualTo("a%00b%09c");
    assertThat(HeaderValues.encode("100%")).isEqualTo("100%25");
    assertThat(HeaderValues.encode("jos\u00e9")).isEqualTo("jos%C3%A9");
    assertThat(HeaderValues.encode("\u010a")).isEqualTo("%C4%8A");
  }

  @Test
  @DisplayName("a list encodes each item, a comma inside one included")
  void listItemsEncodedOneByOne() {
    assertThat(HeaderValues.list(List.of("chat-user", "a,b", "x y"))).isEqualTo("chat-user,a%2Cb,x%20y");
    assertThat(HeaderValues.list(List.of())).isEmpty();
  }
}
