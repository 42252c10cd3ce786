package authsuite.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
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
 * The one answer still written by splicing JSON text, against building it as a tree: the normalizer's validate
 * answer around a session read from Redis as text (SessionVerdict.answer), spliced as it is against decoded,
 * wrapped and encoded again.
 * Run: {@code java -jar bench/target/benchmarks.jar JsonAnswerBenchmark -wi 2 -i 3 -f 1 -w 2s -r 3s -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class JsonAnswerBenchmark {
  String storedSession;

  @Setup
  public void setUp() {
    Instant now = Instant.now();
    storedSession = new JsonObject().put("user_id", "user-42").put("subject", "user-42").put("email", "user42@example.com")
        .put("username", "user42").put("roles", new JsonArray(List.of("user", "editor"))).put("scopes", new JsonArray())
        .put("issuer", "authsuite-session").put("audience", new JsonArray()).put("issued_at", now.toString())
        .put("token_type", "session").put("source", "redis_session").put("created_at", now.toString())
        .put("absolute_expires_at", now.plusSeconds(43_200).toString()).put("idle_timeout_s", 1800).put("origin", "login")
        .put("session_id", "s1.abcdefghijklmnopqrstuvwxyz0123456789").put("expires_at", now.plusSeconds(1800).toString())
        .put("degraded", false).put("last_seen_at", now.toString()).encode();
  }

  @Benchmark
  public String sessionSpliced() {
    return new StringBuilder(512).append("{\"valid\":true,\"session\":").append(storedSession).append('}').toString();
  }

  @Benchmark
  public String sessionTree() {
    return new JsonObject().put("valid", true).put("session", new JsonObject(storedSession)).encode();
  }
}
