package authsuite.common.jwt;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A compact JWS is decoded strictly, into the tree Vert.x would build")
class CompactJwsTest {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  @Test
  @DisplayName("every length of base64url decodes as java.util.Base64 does; a set unused bit is unreadable")
  void base64url() {
    Random random = new Random(42);
    for (int length = 0; length < 70; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String text = URL.encodeToString(bytes);
      assertThat(CanonicalBase64Url.decode("x." + text + ".y", 2, 2 + text.length())).isEqualTo(bytes);
    }
    assertThat(CanonicalBase64Url.decode("QQ")).containsExactly('A');
    assertThat(CanonicalBase64Url.decode("QR")).isNull();
    assertThat(CanonicalBase64Url.decode("QUI")).containsExactly('A', 'B');
    assertThat(CanonicalBase64Url.decode("QUJ")).isNull();
    assertThat(CanonicalBase64Url.decode("Q")).isNull();
    assertThat(CanonicalBase64Url.decode("QQ==")).isNull();
    assertThat(CanonicalBase64Url.decode("a+b/")).isNull();
  }

  @Test
  @DisplayName("header and payload are the trees JsonObject reads, the signing input the text before the second dot")
  void trees() {
    String payload = "{\"sub\":\"u-1\",\"n\":1,\"big\":12345678901234567890,\"f\":1.5,\"t\":true,\"z\":null,"
        + "\"aud\":[\"a\",{\"x\":[1,2]}],\"realm_access\":{\"roles\":[\"user\"]},\"e\":{},\"l\":[]}";
    String token = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + part(payload) + ".c2ln";
    CompactJws jws = CompactJws.parse(token);
    assertThat(jws.header()).isEqualTo(new JsonObject("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
    assertThat(jws.payload()).isEqualTo(new JsonObject(payload));
    assertThat(jws.payload().encode()).isEqualTo(new JsonObject(payload).encode());
    assertThat(jws.signingInput()).isEqualTo(token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
    assertThat(jws.signature()).containsExactly('s', 'i', 'g');
  }

  @Test
  @DisplayName("a member named twice, at any depth, trailing text, or a payload that is not one object: malformed")
  void refused() {
    String header = part("{\"alg\":\"HS256\"}");
    for (String payload : new String[] {"{\"sub\":\"a\",\"sub\":\"b\"}", "{\"a\":{\"x\":1,\"x\":2}}", "{\"a\":[{\"x\":1,\"x\":1}]}",
        "{\"sub\":\"a\"} {}", "[1]", "{\"sub\":}", "{\"sub\":\"a\""}) {
      assertThat(CompactJws.parse(header + "." + part(payload) + ".c2ln")).as(payload).isNull();
    }
    assertThat(CompactJws.parse(part("{\"alg\":\"HS256\",\"alg\":\"none\"}") + "." + part("{}") + ".c2ln")).isNull();
    // read alone, neither part is one object; read on from the header, they would make two
    assertThat(CompactJws.parse(part("{\"alg\":\"HS256\",\"x\":\"") + "." + part("{\"} {\"sub\":\"a\"}") + ".c2ln")).isNull();
    assertThat(CompactJws.parse(part("{\"alg\":\"HS256\"} ") + "." + part("{\"sub\":\"a\"}") + ".c2ln")).isNotNull();
  }

  private static String part(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
