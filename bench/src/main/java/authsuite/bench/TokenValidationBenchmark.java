package authsuite.bench;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.CompactJws;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.IssuerSettings;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.jwt.PrimarySecrets;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenValidator;
import authsuite.common.jwt.VerifiedTokens;
import authsuite.common.jwt.keys.IssuerKeys;
import authsuite.common.jwt.keys.SuiteKeys;
import authsuite.common.jwt.revocation.Revocations;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The real {@link TokenValidator} (real PrimarySecrets, SuiteKeys, in-memory Revocations, and an
 * external issuer whose keys are already known) on HS256, RS256 and ES256 tokens. Every result is
 * read as a ratio to {@link #baselineParseOnly} of the same run, so numbers from different
 * machines compare. Run it with {@code bash bench/jmh.sh}.
 *
 * <p>Cached: one token, validated again and again: the {@link VerifiedTokens} hit (SHA-256 of the
 * token, expiry, revocation). Uncached: the signature path on every call. A cache that cannot be
 * defeated by one token is defeated by many: the uncached validator's cache has room for no entry
 * (each put is evicted at once), and each call takes the next of {@value #POOL} distinct tokens, so
 * every call parses, verifies the signature, maps the claims and puts. Production's cache would evict
 * one older entry per miss instead, which is small beside parse + verify.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenValidationBenchmark {
  public static final int POOL = 1024; // a power of two: the cursor wraps with a mask
  static final String SECRET = "bench-jwt-secret-key-0123456789abcdef-0123456789";
  static final String ISSUER = "https://issuer.bench.example";
  static final String AUDIENCE = "authsuite-bench";

  /** Each benchmark thread's own position in the pools, so threads (-t) never share a counter. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int next() {
      next = (next + 1) & (POOL - 1);
      return next;
    }
  }

  Vertx vertx;
  Revocations revocations;
  public TokenValidator cached;
  public TokenValidator uncached;
  public String[] hs256 = new String[POOL];
  String[] rs256 = new String[POOL];
  String[] es256 = new String[POOL];

  @Setup
  public void setUp() throws JOSEException {
    vertx = Vertx.vertx();
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench-rs256").algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("bench-es256").algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
    IssuerSettings issuer = new IssuerSettings(ISSUER, null, List.of(AUDIENCE), IssuerSettings.DEFAULT_ALGORITHMS,
        IssuerSettings.DEFAULT_LEEWAY, new JsonObject());
    JwtSettings settings = settings(List.of(issuer));
    PrimarySecrets secrets = new PrimarySecrets(SECRET, null);
    SuiteKeys suiteKeys = join(SuiteKeys.load(vertx, null, "bench:"));
    revocations = Revocations.inMemory(vertx, AuthEventChannel.local(vertx, "bench"));
    join(revocations.start());
    List<IssuerKeys> issuers = List.of(new FixedIssuerKeys(ISSUER, List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
    cached = new TokenValidator(settings, secrets, suiteKeys, issuers, revocations,
        new VerifiedTokens(VerifiedTokens.DEFAULT_MAX_BYTES, Clock.systemUTC()), Clock.systemUTC());
    uncached = new TokenValidator(settings, secrets, suiteKeys, issuers, revocations, new VerifiedTokens(1, Clock.systemUTC()), Clock.systemUTC());

    JWSSigner hmac = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
    JWSSigner rsaSigner = new RSASSASigner(rsa);
    JWSSigner ecSigner = new ECDSASigner(ec);
    long now = Instant.now().getEpochSecond();
    long farFuture = now + Duration.ofDays(3650).toSeconds(); // never expires during a run, cached or not
    for (int i = 0; i < POOL; i++) {
      // as the primary auth service (PyJWT) writes them: no iss, no kid
      JsonObject primary = new JsonObject().put("sub", "user-" + i).put("email", "user" + i + "@example.com")
          .put("type", "access").put("iat", now).put("exp", farFuture);
      hs256[i] = sign(hmac, JWSAlgorithm.HS256, null, primary);
      JsonObject external = new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "user-" + i)
          .put("email", "user" + i + "@example.com").put("iat", now).put("exp", farFuture);
      rs256[i] = sign(rsaSigner, JWSAlgorithm.RS256, rsa.getKeyID(), external);
      es256[i] = sign(ecSigner, JWSAlgorithm.ES256, ec.getKeyID(), external);
    }
    // a benchmark of rejections would be fast and meaningless: every token must be valid on both validators
    for (String[] pool : List.of(hs256, rs256, es256)) {
      for (TokenValidator validator : List.of(cached, uncached)) {
        TokenCheck check = validator.validate(pool[0], TokenUse.REQUEST).result();
        if (check == null || !check.isValid()) {
          throw new IllegalStateException("benchmark token refused: " + (check == null ? "not completed" : check.reason()));
        }
      }
    }
  }

  @TearDown
  public void tearDown() {
    join(revocations.close());
    join(vertx.close());
  }

  /** The baseline: split, base64url-decode and JSON-parse header and payload of the HS256 token, nothing else. */
  @Benchmark
  public CompactJws baselineParseOnly() {
    return CompactJws.parse(hs256[0]);
  }

  @Benchmark
  public TokenCheck hs256Cached() {
    return cached.validate(hs256[0], TokenUse.REQUEST).result();
  }

  @Benchmark
  public TokenCheck rs256Cached() {
    return cached.validate(rs256[0], TokenUse.REQUEST).result();
  }

  @Benchmark
  public TokenCheck es256Cached() {
    return cached.validate(es256[0], TokenUse.REQUEST).result();
  }

  @Benchmark
  public TokenCheck hs256Uncached(Cursor cursor) {
    return uncached.validate(hs256[cursor.next()], TokenUse.REQUEST).result();
  }

  @Benchmark
  public TokenCheck rs256Uncached(Cursor cursor) {
    return uncached.validate(rs256[cursor.next()], TokenUse.REQUEST).result();
  }

  @Benchmark
  public TokenCheck es256Uncached(Cursor cursor) {
    return uncached.validate(es256[cursor.next()], TokenUse.REQUEST).result();
  }

  /** The defaults of JwtSettings.from(config) with no configuration, plus these external issuers. */
  static JwtSettings settings(List<IssuerSettings> issuers) {
    return new JwtSettings(SECRET, null, null, "authsuite", null, "authsuite-emergency", Duration.ofMinutes(15), Optional.empty(),
        Duration.ofSeconds(30), Duration.ofSeconds(900), Duration.ofDays(7), Duration.ZERO, Duration.ofSeconds(300),
        Duration.ofSeconds(30), issuers);
  }

  static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JsonObject claims) throws JOSEException {
    JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build(),
        new Payload(claims.encode()));
    jws.sign(signer);
    return jws.serialize();
  }

  static <T> T join(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
