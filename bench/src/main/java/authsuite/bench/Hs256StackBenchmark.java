package authsuite.bench;

import authsuite.common.jwt.CompactJws;
import authsuite.common.jwt.PrimarySecrets;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A/B of the two HS256 stacks on the cache-miss path, same checks on both: signature, exp/nbf/iat,
 * iss and aud. A: the hand-written {@link CompactJws} (strict canonical base64url, duplicate-key
 * refusal) + {@link PrimarySecrets} ({@code javax.crypto.Mac} per thread). B: Nimbus's
 * {@link DefaultJWTProcessor} with a {@code MACVerifier} chosen by its key selector and a
 * {@link DefaultJWTClaimsVerifier}. Each call takes the next of {@value #POOL} distinct tokens, so
 * neither side can profit from a repeated input. Results in bench/RESULTS.md; run with
 * {@code java -jar bench/target/benchmarks.jar Hs256StackBenchmark -wi 2 -i 3 -f 1 -w 2s -r 3s -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class Hs256StackBenchmark {
  static final int POOL = 1 << 17; // 131,072 distinct tokens; a power of two, so the cursor wraps with a mask
  static final String SECRET = TokenValidationBenchmark.SECRET;
  static final String ISSUER = "https://primary.bench.example";
  static final String AUDIENCE = "authsuite-bench";

  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int next() {
      next = (next + 1) & (POOL - 1);
      return next;
    }
  }

  String[] tokens = new String[POOL];
  PrimarySecrets secrets;
  DefaultJWTProcessor<SecurityContext> nimbus;

  @Setup
  public void setUp() throws Exception {
    byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
    secrets = new PrimarySecrets(SECRET, null);
    nimbus = new DefaultJWTProcessor<>();
    nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)));
    nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(AUDIENCE,
        new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp", "iat")));
    MACSigner signer = new MACSigner(key);
    Instant now = Instant.now();
    for (int i = 0; i < POOL; i++) {
      JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("user-" + i)
          .claim("email", "user" + i + "@example.com").claim("type", "access")
          .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(1)))
          .expirationTime(Date.from(now.plus(Duration.ofDays(3650)))).build();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(signer);
      tokens[i] = jwt.serialize();
    }
    // a benchmark of refusals would be fast and meaningless: both sides must accept every token
    if (handWritten(tokens[0]) == null || nimbus.process(tokens[0], null) == null) {
      throw new IllegalStateException("benchmark token refused");
    }
  }

  @Benchmark
  public JsonObject compactJwsAndMac(Cursor cursor) {
    return handWritten(tokens[cursor.next()]);
  }

  @Benchmark
  public JWTClaimsSet nimbusProcessor(Cursor cursor) throws Exception {
    return nimbus.process(tokens[cursor.next()], null);
  }

  /** TokenValidator's checks on a miss, without its claim mapping, revocation mirror and cache. */
  private JsonObject handWritten(String token) {
    CompactJws jws = CompactJws.parse(token);
    if (jws == null || !"HS256".equals(jws.algorithm()) || !secrets.verify(jws.signingInput(), jws.signature())) {
      return null;
    }
    JsonObject claims = jws.payload();
    long now = Instant.now().getEpochSecond();
    long leeway = 60; // Nimbus's default clock skew
    if (!(claims.getValue("exp") instanceof Number exp) || exp.longValue() + leeway <= now) {
      return null;
    }
    if (claims.getValue("nbf") instanceof Number nbf && nbf.longValue() - leeway > now) {
      return null;
    }
    if (!(claims.getValue("iat") instanceof Number) || !ISSUER.equals(claims.getValue("iss"))) {
      return null;
    }
    Object aud = claims.getValue("aud");
    boolean audience = AUDIENCE.equals(aud) || (aud instanceof io.vertx.core.json.JsonArray list && list.contains(AUDIENCE));
    return audience ? claims : null;
  }
}
