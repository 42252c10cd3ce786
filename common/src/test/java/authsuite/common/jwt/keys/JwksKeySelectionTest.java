package authsuite.common.jwt.keys;

import authsuite.common.testing.JwksServer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("JWKS issuer keys keep only keys that can verify one of the issuer's algorithms")
class JwksKeySelectionTest {

  @Test
  @DisplayName("encryption keys, symmetric keys, keys of another type or curve, or declaring another alg are not served")
  void onlyVerificationKeys(Vertx vertx) throws Exception {
    JwksServer idp = JwksServer.start(vertx);
    idp.publishAsIs(new JWKSet(List.of(
        new RSAKeyGenerator(2048).keyID("rsa-sig").keyUse(KeyUse.SIGNATURE).generate().toPublicJWK(),
        new RSAKeyGenerator(2048).keyID("rsa-enc").keyUse(KeyUse.ENCRYPTION).generate().toPublicJWK(),
        new RSAKeyGenerator(2048).keyID("rsa-ops-verify").keyOperations(Set.of(KeyOperation.VERIFY)).generate().toPublicJWK(),
        new RSAKeyGenerator(2048).keyID("rsa-ops-encrypt").keyOperations(Set.of(KeyOperation.ENCRYPT)).generate().toPublicJWK(),
        new RSAKeyGenerator(2048).keyID("rsa-rs512").algorithm(JWSAlgorithm.RS512).generate().toPublicJWK(),
        new OctetSequenceKeyGenerator(256).keyID("shared").algorithm(JWSAlgorithm.HS256).generate(),
        new ECKeyGenerator(Curve.P_256).keyID("ec-p256").generate().toPublicJWK(),
        new ECKeyGenerator(Curve.P_384).keyID("ec-p384").generate().toPublicJWK(),
        octetKeyPair(Curve.Ed25519, "ed25519"),
        octetKeyPair(Curve.X25519, "x25519"))));

    assertThat(kidsServedFor(vertx, idp, "RS256", "HS256")).containsExactlyInAnyOrder("rsa-sig", "rsa-ops-verify");
    assertThat(kidsServedFor(vertx, idp, "ES256")).containsExactly("ec-p256");
    assertThat(kidsServedFor(vertx, idp, "ES384", "PS256")).containsExactlyInAnyOrder("ec-p384", "rsa-sig", "rsa-ops-verify");
    assertThat(kidsServedFor(vertx, idp, "EdDSA")).containsExactly("ed25519");
  }

  @Test
  @DisplayName("for an EC-only issuer an RSA kid is answered as absent (null), not as an outage")
  void rsaKeyForEcIssuer(Vertx vertx) throws Exception {
    JwksServer idp = JwksServer.start(vertx);
    idp.publish(new RSAKeyGenerator(2048).keyID("rsa").generate(), new ECKeyGenerator(Curve.P_256).keyID("ec").generate());
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "ES256"), JwksServer.policy(Duration.ZERO));
    keys.start().await();

    assertThat(keys.cached("rsa")).isNull();
    assertThat(keys.fetch("rsa").await()).isNull();
    assertThat(keys.cached("ec")).isNotNull();
    keys.close().await();
  }

  @Test
  @DisplayName("private parts published by mistake are dropped: only the public key is kept")
  void privatePartsDropped(Vertx vertx) throws Exception {
    JwksServer idp = JwksServer.start(vertx);
    RSAKey withPrivateParts = new RSAKeyGenerator(2048).keyID("k1").generate();
    idp.publishAsIs(new JWKSet(withPrivateParts));
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), JwksPolicy.defaults());
    keys.start().await();

    assertThat(keys.cached("k1").isPrivate()).isFalse();
    assertThat(keys.cached("k1")).isEqualTo(withPrivateParts.toPublicJWK());
    keys.close().await();
  }

  @Test
  @DisplayName("a token without kid finds the issuer's key only when it publishes exactly one usable key, without kid")
  void kidless(Vertx vertx) throws Exception {
    JwksServer idp = JwksServer.start(vertx);
    JWK onlyKey = new RSAKeyGenerator(2048).generate();
    idp.publish(onlyKey);
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, "RS256"), JwksServer.policy(Duration.ZERO));
    keys.start().await();

    assertThat(keys.cached(null)).isEqualTo(onlyKey.toPublicJWK());

    idp.publish(onlyKey, new RSAKeyGenerator(2048).keyID("k2").generate());
    assertThat(keys.fetch("k2").await()).isNotNull();
    assertThat(keys.cached(null)).as("two candidates: which one is a guess").isNull();
    assertThat(keys.fetch(null).await()).isNull();
    keys.close().await();
  }

  /** nimbus generates OKP keys only with Tink on the classpath; the JDK makes them just as well. */
  private static OctetKeyPair octetKeyPair(Curve curve, String kid) throws Exception {
    byte[] spki = KeyPairGenerator.getInstance(curve.getName()).generateKeyPair().getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    return new OctetKeyPair.Builder(curve, Base64URL.encode(raw)).keyID(kid).build();
  }

  private static List<Object> kidsServedFor(Vertx vertx, JwksServer idp, String... algorithms) {
    IssuerKeys keys = IssuerKeys.jwks(vertx, WebClient.create(vertx), idp.settings(false, algorithms), JwksPolicy.defaults());
    keys.start().await();
    List<Object> kids = keys.status().getJsonArray("kids").getList();
    keys.close().await();
    return kids;
  }
}
