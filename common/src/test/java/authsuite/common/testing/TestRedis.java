package authsuite.common.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.ArrayList;
import java.util.List;

/**
 * The Redis every module's tests use: {@code TEST_REDIS_URL}, else a Testcontainers Redis when a Docker engine
 * answers, else a local server on the default port. Tests isolate themselves with {@link #uniqueKeyPrefix()}.
 * The container's image is {@value #DEFAULT_IMAGE} unless {@code TEST_REDIS_IMAGE} (or the system property
 * {@code test.redis.image}) names another, e.g. one built from Debian packages (deploy/containers/base-images.sh):
 * it must run {@code redis-server} on 6379 without a password by default.
 */
public final class TestRedis {

  static final String NO_REDIS =
    "No Redis for tests: set TEST_REDIS_URL, start a Docker engine, or run redis-server on 127.0.0.1:6379";
  private static final String LOCAL_HOST = "127.0.0.1";
  private static final int LOCAL_PORT = 6379;
  private static final int SCAN_BATCH = 500;
  static final String DEFAULT_IMAGE = "redis:7-alpine";

  private static String resolvedUrl;
  private static GenericContainer<?> container;

  private TestRedis() {
  }

  public static synchronized String url() {
    if (resolvedUrl == null) {
      resolvedUrl = resolve();
    }
    return resolvedUrl;
  }

  public static String uniqueKeyPrefix() {
    return "authsuite-test:" + TestIds.randomHex(8) + ":";
  }

  /** Removes every key under {@code prefix}; SCAN is fine here, never on a service's hot path. */
  public static Future<Void> deleteKeys(Vertx vertx, String url, String prefix) {
    Redis redis = Redis.createClient(vertx, url);
    return deleteFrom(redis, "0", TestIds.globEscaped(prefix) + "*")
      .eventually(redis::close);
  }

  private static Future<Void> deleteFrom(Redis redis, String cursor, String pattern) {
    return redis.send(Request.cmd(Command.SCAN, cursor, "MATCH", pattern, "COUNT", SCAN_BATCH))
      .compose(page -> {
        String next = page.get(0).toString();
        Future<Void> deleted = deleteAll(redis, page.get(1));
        return "0".equals(next) ? deleted : deleted.compose(v -> deleteFrom(redis, next, pattern));
      });
  }

  private static Future<Void> deleteAll(Redis redis, Response keys) {
    if (keys.size() == 0) {
      return Future.succeededFuture();
    }
    List<String> args = new ArrayList<>();
    keys.forEach(key -> args.add(key.toString()));
    return redis.send(Request.cmd(Command.DEL, args.toArray())).mapEmpty();
  }

  private static String resolve() {
    String fromEnv = System.getenv("TEST_REDIS_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (TestDocker.isAvailable()) {
      return startContainer();
    }
    TestDocker.requireUnlessOptional("Redis");
    if (LocalServer.answersRedisPing(LOCAL_HOST, LOCAL_PORT)) {
      return "redis://" + LOCAL_HOST + ":" + LOCAL_PORT;
    }
    throw new IllegalStateException(NO_REDIS);
  }

  private static String startContainer() {
    String image = TestDocker.image("test.redis.image", "TEST_REDIS_IMAGE", DEFAULT_IMAGE);
    container = new GenericContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("redis"))
      .withExposedPorts(LOCAL_PORT);
    long started = System.nanoTime();
    container.start();
    TestDocker.stopAtExit(container);
    String url = "redis://" + container.getHost() + ":" + container.getMappedPort(LOCAL_PORT);
    TestDocker.announce("Redis", image, url, started);
    return url;
  }
}
