package authsuite.common.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RSA signatures checked with a signature object kept per thread and key")
class RsaSignaturesTest {
  private static final byte[] INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ".getBytes(StandardCharsets.US_ASCII);
  private static RSAKey key;
  private static RSAKey otherKey;

  @BeforeAll
  static void keys() throws Exception {
    key = new RSAKeyGenerator(2048).generate();
    otherKey = new RSAKeyGenerator(2048).generate();
  }

  private static byte[] sign(RSAKey with, String algorithm, byte[] input) throws Exception {
    return new RSASSASigner(with).sign(new JWSHeader(JWSAlgorithm.parse(algorithm)), input).decode();
  }

  private static RSAPublicKey publicKey() throws Exception {
    return key.toRSAPublicKey();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "RS384", "RS512"})
  @DisplayName("a good signature holds, and still holds after forged, cut and foreign ones were refused")
  void goodHoldsAfterBadOnes(String algorithm) throws Exception {
    byte[] good = sign(key, algorithm, INPUT);
    byte[] forged = good.clone();
    forged[17] ^= 1;

    assertThat(RsaSignatures.verify(publicKey(), algorithm, INPUT, good)).isTrue();
    assertThat(RsaSignatures.verify(publicKey(), algorithm, INPUT, forged)).as("one bit flipped").isFalse();
    assertThat(RsaSignatures.verify(publicKey(), algorithm, INPUT, Arrays.copyOf(good, good.length - 1))).as("cut").isFalse();
    assertThat(RsaSignatures.verify(publicKey(), algorithm, INPUT, new byte[0])).as("empty").isFalse();
    assertThat(RsaSignatures.verify(publicKey(), algorithm, INPUT, sign(otherKey, algorithm, INPUT))).as("another key's").isFalse();
    assertThat(RsaSignatures.verify(publicKey(), algorithm, "other.input".getBytes(StandardCharsets.US_ASCII), good))
        .as("over other input").isFalse();
    assertThat(RsaSignatures.verify(publicKey(), algorithm, INPUT, good)).as("the good one again").isTrue();
  }

  @Test
  @DisplayName("a signature made with another hash of the same key does not pass for this algorithm")
  void hashIsPartOfTheAlgorithm() throws Exception {
    assertThat(RsaSignatures.verify(publicKey(), "RS256", INPUT, sign(key, "RS512", INPUT))).isFalse();
  }

  @Test
  @DisplayName("algorithms other than RS256/384/512 are left to the general verifier")
  void otherAlgorithms() throws Exception {
    assertThat(RsaSignatures.verify(publicKey(), "PS256", INPUT, sign(key, "PS256", INPUT))).isNull();
    assertThat(RsaSignatures.verify(publicKey(), "HS256", INPUT, new byte[32])).isNull();
  }
}
