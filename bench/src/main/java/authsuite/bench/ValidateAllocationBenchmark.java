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
 * Bytes allocated per {@code POST /api/v1/jwt/validate} in the JWT core: what the route does once the body is read
 * ({@link BearerToken#checked}, {@link TokenValidator#validate} with no audience and no roles, the answer buffer),
 * on an HS256 primary-auth token. Hit: one token again and again. Miss: each call takes the next of 131,072
 * distinct tokens through a cache with room for about 1,000 of them, so nearly every call parses, verifies,
 * maps the claims, builds the answer and puts (and evicts). Flood: the same tokens through the default 64 MB cache,
 * as a service sees 100k distinct tokens (W-TinyLFU keeps a part of the loop, so some calls hit); run it with
 * {@code -jvmArgsAppend "-Xmx512m -Xlog:gc"} to see the pauses that churn costs. Read {@code gc.alloc.rate.norm}:
 * {@code java -jar bench/target/benchmarks.jar ValidateAllocationBenchmark -wi 2 -i 3 -w 2s -r 3s -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class ValidateAllocationBenchmark {
  /** Room for some 1,000 of these tokens, which weigh about 2 KB each. */
  static final long ROOM_BYTES = 2L << 20;

  Vertx vertx;
  Revocations revocations;
  TokenValidator hits;
  TokenValidator misses;
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
    hits = new TokenValidator(settings, secrets, suiteKeys, List.of(), revocations,
        new VerifiedTokens(VerifiedTokens.DEFAULT_MAX_BYTES, Clock.systemUTC()), Clock.systemUTC());
    misses = new TokenValidator(settings, secrets, suiteKeys, List.of(), revocations,
        new VerifiedTokens(ROOM_BYTES, Clock.systemUTC()), Clock.systemUTC());
    flooded = new TokenValidator(settings, secrets, suiteKeys, List.of(), revocations,
        new VerifiedTokens(VerifiedTokens.DEFAULT_MAX_BYTES, Clock.systemUTC()), Clock.systemUTC());
    if (answer(hits, tokens[0]) == null || answer(misses, tokens[1]) == null) {
      throw new IllegalStateException("benchmark token refused");
    }
  }

  @TearDown
  public void tearDown() {
    join(revocations.close());
    join(vertx.close());
  }

  @Benchmark
  public Buffer hit() {
    return answer(hits, tokens[0]);
  }

  @Benchmark
  public Buffer miss(Hs256StackBenchmark.Cursor cursor) {
    return answer(misses, tokens[cursor.next()]);
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
