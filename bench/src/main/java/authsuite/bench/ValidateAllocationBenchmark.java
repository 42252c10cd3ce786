package authsuite.bench;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.http.BearerToken;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.jwt.PrimarySecrets;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.TokenValidator;
import authsuite.common.jwt.VerifiedTokens;
import authsuite.common.jwt.keys.SuiteKeys;
import authsuite.common.jwt.revocation.Revocations;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import static authsuite.bench.TokenValidationBenchmark.SECRET;
import static authsuite.bench.TokenValidationBenchmark.join;

/**
 * The verified-token cache under a flood: what {@code POST /api/v1/jwt/validate} does in the JWT core once the body is
 * read ({@link BearerToken#checked}, {@link TokenValidator#validate} with no audience and no roles, the answer
 * buffer), each call on the next of 131,072 distinct HS256 primary-auth tokens through the default cache, as a
 * service sees 100k signed-in users: the default bound ({@link VerifiedTokens#DEFAULT_MAX_BYTES}) has room for about
 * 260,000, so after the loop's first pass every call hits a cache holding all of them. Bytes per validate on a
 * plain hit and miss, as the route runs them, are ValidateRouteAllocationBenchmark's; run this one with
 * {@code -jvmArgsAppend "-Xmx512m -Xlog:gc"} to see the pauses that churn costs. Read {@code gc.alloc.rate.norm}:
 * {@code java -jar bench/target/benchmarks.jar ValidateAllocationBenchmark -wi 2 -i 3 -w 2s -r 3s -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class ValidateAllocationBenchmark {
  Vertx vertx;
  Revocations revocations;
  TokenValidator flooded;
  String[] tokens = new String[Hs256StackBenchmark.POOL];

  @Setup
  public void setUp() throws JOSEException {
    vertx = Vertx.vertx();
    SuiteKeys suiteKeys = join(SuiteKeys.load(vertx, null, "bench:"));
    revocations = Revocations.inMemory(vertx, AuthEventChannel.local(vertx, "bench"));
    join(revocations.start());
    MACSigner hmac = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
    long now = Instant.now().getEpochSecond();
    long farFuture = now + Duration.ofDays(3650).toSeconds();
    for (int i = 0; i < tokens.length; i++) {
      // as the primary auth service (PyJWT) writes them: no iss, no kid
      JsonObject claims = new JsonObject().put("sub", "user-" + i).put("email", "user" + i + "@example.com")
          .put("type", "access").put("iat", now).put("exp", farFuture);
      tokens[i] = TokenValidationBenchmark.sign(hmac, JWSAlgorithm.HS256, null, claims);
    }
    JwtSettings settings = TokenValidationBenchmark.settings(List.of());
    PrimarySecrets secrets = new PrimarySecrets(SECRET, null);
    flooded = new TokenValidator(settings, secrets, suiteKeys, List.of(), revocations,
        new VerifiedTokens(VerifiedTokens.DEFAULT_MAX_BYTES, Clock.systemUTC()), Clock.systemUTC());
    if (answer(flooded, tokens[0]) == null) {
      throw new IllegalStateException("benchmark token refused");
    }
  }

  @TearDown
  public void tearDown() {
    join(revocations.close());
    join(vertx.close());
  }

  @Benchmark
  public Buffer flood(Hs256StackBenchmark.Cursor cursor) {
    return answer(flooded, tokens[cursor.next()]);
  }

  /** The validate route's work on a token, without the HTTP exchange: null for a refused token. */
  private static Buffer answer(TokenValidator validator, String token) {
    TokenCheck check = BearerToken.checked(token)
        .compose(t -> validator.validate(t, TokenUse.REQUEST, null, List.of()))
        .result();
    return check != null && check.isValid() ? check.answer() : null;
  }

}
