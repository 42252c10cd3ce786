package authsuite.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The tokens of bench/compare.sh, written once to a folder the script keeps between runs:
 * rsa-public.pem (what HAProxy and the vertx-auth-jwt router are given) and jwks.json (what the
 * adapter fetches) of one RS256 key; hs256.tokens (primary-auth style, the shared secret),
 * rs256.tokens (the external issuer), zipf.tokens (a request sequence over hs256.tokens where the
 * user of rank k comes with weight 1/k^s). Tokens live 30 days, one a line.
 *   args: outputDir hs256Count rs256Count zipfRequests zipfExponent
 *   environment: JWT_SECRET_KEY, JWT_PRIMARY_ISSUER, JWT_AUDIENCE, COMPARE_RS_ISSUER
 */
public final class CompareTokens {
  private static final long LIFETIME_S = 30L * 24 * 3600;

  private CompareTokens() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int hsCount = Integer.parseInt(args[1]);
    int rsCount = Integer.parseInt(args[2]);
    int zipfRequests = Integer.parseInt(args[3]);
    double exponent = Double.parseDouble(args[4]);
    String audience = System.getenv("JWT_AUDIENCE");
    long now = Instant.now().getEpochSecond();

    MACSigner mac = new MACSigner(System.getenv("JWT_SECRET_KEY"));
    String primaryIssuer = System.getenv("JWT_PRIMARY_ISSUER");
    String[] hs = IntStream.range(0, hsCount)
        .mapToObj(n -> sign(claims(n, primaryIssuer, audience, now), JWSAlgorithm.HS256, null, mac)).toArray(String[]::new);
    Files.write(out.resolve("hs256.tokens"), Arrays.asList(hs));
    Files.write(out.resolve("zipf.tokens"), zipf(hs, zipfRequests, exponent));

    RSAKey rsa = new RSAKeyGenerator(2048).keyID("compare-rsa").algorithm(JWSAlgorithm.RS256).generate();
    Files.writeString(out.resolve("jwks.json"), new JWKSet(rsa.toPublicJWK()).toString(true));
    Files.writeString(out.resolve("rsa-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rsa.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    String rsIssuer = System.getenv("COMPARE_RS_ISSUER");
    // RSA signing is the slow part (about a millisecond a token): on every core
    List<String> rs = IntStream.range(0, rsCount).parallel()
        .mapToObj(n -> sign(claims(n, rsIssuer, audience, now).put("preferred_username", "u" + n)
            .put("realm_access", new JsonObject().put("roles", new JsonArray().add("chat-user"))), JWSAlgorithm.RS256, rsa.getKeyID(), rsaSigner(rsa)))
        .toList();
    Files.write(out.resolve("rs256.tokens"), rs);
  }

  private static JsonObject claims(int user, String issuer, String audience, long now) {
    return new JsonObject().put("iss", issuer).put("aud", audience).put("sub", "u" + user).put("email", "u" + user + "@example.com")
        .put("type", "access").put("iat", now).put("exp", now + LIFETIME_S);
  }

  /** requests tokens, the one of rank k (0-based) drawn with probability proportional to 1/(k+1)^exponent; seeded, so reruns agree. */
  private static List<String> zipf(String[] tokens, int requests, double exponent) {
    double[] cumulative = new double[tokens.length];
    double sum = 0;
    for (int k = 0; k < tokens.length; k++) {
      sum += 1 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    double total = sum;
    Random random = new Random(42);
    return IntStream.range(0, requests).mapToObj(i -> {
      int at = Arrays.binarySearch(cumulative, random.nextDouble() * total);
      return tokens[Math.min(at < 0 ? -at - 1 : at, tokens.length - 1)];
    }).toList();
  }

  private static JWSSigner rsaSigner(RSAKey rsa) {
    try {
      return new RSASSASigner(rsa);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(JsonObject claims, JWSAlgorithm algorithm, String kid, JWSSigner signer) {
    try {
      return TokenBenchServer.sign(claims, algorithm, kid, signer);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
