package authsuite.jwt;

import authsuite.bench.TokenValidationBenchmark;
import authsuite.common.jwt.TokenUse;
import com.nimbusds.jose.JOSEException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What POST /api/v1/jwt/validate and GET /api/v1/jwt/verify run past the HTTP layer, for their bytes allocated per
 * request (read {@code gc.alloc.rate.norm}): the body read by {@link ValidateRequest}, the check, the answer.
 * A miss takes the next of {@link TokenValidationBenchmark#POOL} distinct HS256 tokens through a one-entry
 * verified-token cache, so every call parses, verifies, maps and builds the answer; a hit asks about one token.
 * In package authsuite.jwt to reach the route's package-private reader.
 * Run: {@code java -jar bench/target/benchmarks.jar ValidateRouteAllocationBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ValidateRouteAllocationBenchmark {
  private static final Supplier<String> NO_BEARER = () -> null;

  TokenValidationBenchmark tokens = new TokenValidationBenchmark();
  Buffer[] bodies = new Buffer[TokenValidationBenchmark.POOL];
  int next;

  @Setup
  public void setUp() throws JOSEException {
    tokens.setUp();
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = new JsonObject().put("token", tokens.hs256[i]).toBuffer();
    }
  }

  @TearDown
  public void tearDown() {
    tokens.tearDown();
  }

  @Benchmark
  public Buffer validateMiss() {
    next = (next + 1) & (bodies.length - 1);
    return TokenRoutes.checked(tokens.uncached, ValidateRequest.from(bodies[next], "application/json", NO_BEARER))
        .result().answer();
  }

  @Benchmark
  public Buffer validateHit() {
    return TokenRoutes.checked(tokens.cached, ValidateRequest.from(bodies[0], "application/json", NO_BEARER))
        .result().answer();
  }

  /** Verify's answer is headers from the identity: the check is all it allocates past Vert.x. */
  @Benchmark
  public String verifyMiss() {
    next = (next + 1) & (bodies.length - 1);
    return tokens.uncached.validate(tokens.hs256[next], TokenUse.REQUEST).result().identity().userId();
  }
}
