package authsuite.common.jwt.keys;

import authsuite.common.DependencyUnavailableException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The suite's own RS256 signing keys: the first signs, every one verifies, all are published at
 * {@code /.well-known/jwks.json}. With Redis they live at {@code <prefix>jwt:signing-keys}, so every
 * instance signs and verifies with the same set and a rotation reaches all of them (each reloads
 * on the {@code key_rotated} event); without Redis they live in this process.
 */
public final class SuiteKeys {
  /**
   * RS256, not ES256: every service verifies far more suite tokens than the adapter signs, and on
   * JDK 17 an RSA-2048 verification costs ~0.07 ms against ~1.5 ms for P-256 (bench/jmh.sh).
   */
  public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.RS256;
  private static final int RSA_BITS = 2048;
  /** The previous key verifies for this many rotations, so tokens signed before a rotation stay valid. */
  private static final int KEPT_KEYS = 2;
  private static final long SHARED_RETRY_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(SuiteKeys.class);

  private final Vertx vertx;
  private final Redis redis;
  private final String storeKey;
  private volatile KeySet keys;
  private long retryTimer = -1;
  private boolean closed;

  private record KeySet(List<RSAKey> ordered, Map<String, JWSVerifier> verifiers, JsonObject publicJwks) {
    RSAKey signing() {
      return ordered.get(0);
    }
  }

  private SuiteKeys(Vertx vertx, Redis redis, String keyPrefix) {
    this.vertx = vertx;
    this.redis = redis;
    this.storeKey = keyPrefix + "jwt:signing-keys";
  }

  /**
   * Loads the shared set, creating it when no instance has yet. {@code redis} null: this process
   * only. With Redis down the service still starts, on a key of its own, and keeps trying to load
   * the shared set: a Redis outage must not take token validation down with it.
   */
  public static Future<SuiteKeys> load(Vertx vertx, Redis redis, String keyPrefix) {
    SuiteKeys suiteKeys = new SuiteKeys(vertx, redis, keyPrefix);
    return suiteKeys.reload()
        .recover(failure -> {
          LOG.warn("cannot load the shared suite signing keys; signing with a key of this instance until Redis answers",
              kv("error", failure.getMessage()));
          return generateOffLoop(vertx).map(key -> {
            suiteKeys.keys = suiteKeys.keySet(List.of(key));
            suiteKeys.retryShared();
            return null;
          });
        })
        .map(suiteKeys);
  }

  private void retryShared() {
    if (!closed) {
      retryTimer = vertx.setTimer(SHARED_RETRY_MS, tick -> reload().onFailure(e -> retryShared()));
    }
  }

  public void close() {
    closed = true;
    vertx.cancelTimer(retryTimer);
  }

  public RSAKey signingKey() {
    return keys.signing();
  }

  public JWSVerifier verifier(String kid) {
    return kid == null ? null : keys.verifiers.get(kid);
  }

  public JsonObject publicJwks() {
    return keys.publicJwks;
  }

  public List<String> keyIds() {
    return List.copyOf(keys.verifiers.keySet());
  }

  /** Reads the shared set again (after another instance rotated it). */
  public Future<Void> reload() {
    if (redis == null) {
      return keys != null ? Future.succeededFuture() : generateOffLoop().map(key -> {
        keys = keySet(List.of(key));
        return null;
      });
    }
    return stored().compose(existing -> existing != null ? Future.succeededFuture(existing) : createShared())
        .map(stored -> {
          keys = keySet(parse(stored));
          return null;
        });
  }

  private Future<Response> stored() {
    return DependencyUnavailableException.whenFailing("redis", redis.send(Request.cmd(Command.GET).arg(storeKey)));
  }

  /** The first instance to start creates the set; SET NX makes every other one read that same set. */
  private Future<Response> createShared() {
    return generateOffLoop().compose(candidate -> DependencyUnavailableException.whenFailing("redis",
        redis.send(Request.cmd(Command.SET).arg(storeKey).arg(new JWKSet(candidate).toString(false)).arg("NX"))))
        .compose(created -> stored());
  }

  /** A new key signs from now on; the previous one keeps verifying. */
  public Future<Void> rotate() {
    return generateOffLoop().compose(fresh -> {
      List<RSAKey> next = new ArrayList<>();
      next.add(fresh);
      next.addAll(keys.ordered.subList(0, Math.min(KEPT_KEYS - 1, keys.ordered.size())));
      if (redis == null) {
        keys = keySet(next);
        return Future.succeededFuture();
      }
      String json = new JWKSet(new ArrayList<JWK>(next)).toString(false);
      return DependencyUnavailableException.whenFailing("redis", redis.send(Request.cmd(Command.SET).arg(storeKey).arg(json)))
          .map(ok -> {
            keys = keySet(next);
            return null;
          });
    });
  }

  private KeySet keySet(List<RSAKey> ordered) {
    Map<String, JWSVerifier> verifiers = new java.util.LinkedHashMap<>();
    for (RSAKey key : ordered) {
      verifiers.put(key.getKeyID(), verifierFor(key));
    }
    JsonObject publicJwks = new JsonObject(new JWKSet(ordered.stream().map(k -> (JWK) k.toPublicJWK()).toList()).toString(true));
    return new KeySet(List.copyOf(ordered), Map.copyOf(verifiers), publicJwks);
  }

  private static JWSVerifier verifierFor(RSAKey key) {
    try {
      return new RSASSAVerifier(key.toPublicJWK());
    } catch (JOSEException e) {
      throw new IllegalStateException("unusable suite key " + key.getKeyID(), e);
    }
  }

  private static List<RSAKey> parse(Response stored) {
    try {
      return JWKSet.parse(stored.toString()).getKeys().stream().map(JWK::toRSAKey).collect(Collectors.toList());
    } catch (ParseException e) {
      throw new IllegalStateException("the stored suite signing keys cannot be read", e);
    }
  }

  /** Key generation draws on SecureRandom and RSA math: a worker thread's job, not the event loop's. */
  private Future<RSAKey> generateOffLoop() {
    return generateOffLoop(vertx);
  }

  private static Future<RSAKey> generateOffLoop(Vertx vertx) {
    return vertx.executeBlocking(SuiteKeys::generate, false);
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(RSA_BITS).keyUse(KeyUse.SIGNATURE).algorithm(ALGORITHM)
          .keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RS256 key", e);
    }
  }
}
