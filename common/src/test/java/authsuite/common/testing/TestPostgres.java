package authsuite.common.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.util.regex.Pattern;

/**
 * The PostgreSQL every module's tests use: {@code TEST_DATABASE_URL}, else a Testcontainers PostgreSQL when a
 * Docker engine answers, else a local server on the default port (trust auth). Tests isolate themselves in
 * their own schema ({@link #uniqueSchema()}). The container's image is {@value #DEFAULT_IMAGE} unless
 * {@code TEST_POSTGRES_IMAGE} (or the system property {@code test.postgres.image}) names another, e.g. one built
 * from Debian packages (deploy/containers/base-images.sh): it must honour the official image's
 * {@code POSTGRES_HOST_AUTH_METHOD} and {@code POSTGRES_DB} and log "ready to accept connections" twice (the
 * initialising server, then the real one).
 */
public final class TestPostgres {

  static final String NO_POSTGRES =
    "No PostgreSQL for tests: set TEST_DATABASE_URL, start a Docker engine, or run PostgreSQL on 127.0.0.1:5432";
  private static final String LOCAL_HOST = "127.0.0.1";
  private static final int LOCAL_PORT = 5432;
  private static final String LOCAL_URL = "postgresql://postgres@" + LOCAL_HOST + ":" + LOCAL_PORT + "/test";
  static final String DEFAULT_IMAGE = "postgres:16-alpine";
  private static final Pattern SAFE_SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static String resolvedUrl;
  private static GenericContainer<?> container;

  private TestPostgres() {
  }

  public static synchronized String url() {
    if (resolvedUrl == null) {
      resolvedUrl = resolve();
    }
    return resolvedUrl;
  }

  public static String uniqueSchema() {
    return "authsuite_test_" + TestIds.randomHex(8);
  }

  /** A pool whose connections all use {@code schema} (created if needed) as their {@code search_path}. */
  public static Future<Pool> pool(Vertx vertx, String schema) {
    return quoted(schema)
      .compose(name -> runOnce(vertx, "CREATE SCHEMA IF NOT EXISTS " + name))
      .map(v -> build(vertx, options().addProperty("search_path", schema), 4));
  }

  public static Future<Void> dropSchema(Vertx vertx, String schema) {
    return quoted(schema).compose(name -> runOnce(vertx, "DROP SCHEMA IF EXISTS " + name + " CASCADE"));
  }

  private static Future<String> quoted(String schema) {
    return schema != null && SAFE_SCHEMA.matcher(schema).matches()
      ? Future.succeededFuture('"' + schema + '"')
      : Future.failedFuture(new IllegalArgumentException("not a test schema name: " + schema));
  }

  private static Future<Void> runOnce(Vertx vertx, String sql) {
    Pool admin = build(vertx, options(), 1);
    return admin.query(sql).execute().<Void>mapEmpty().eventually(admin::close);
  }

  private static PgConnectOptions options() {
    return PgConnectOptions.fromUri(url());
  }

  private static Pool build(Vertx vertx, PgConnectOptions options, int size) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size))
      .connectingTo(options)
      .using(vertx)
      .build();
  }

  private static String resolve() {
    String fromEnv = System.getenv("TEST_DATABASE_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (TestDocker.isAvailable()) {
      return startContainer();
    }
    TestDocker.requireUnlessOptional("PostgreSQL");
    if (LocalServer.answersPostgresHandshake(LOCAL_HOST, LOCAL_PORT)) {
      return LOCAL_URL;
    }
    throw new IllegalStateException(NO_POSTGRES);
  }

  private static String startContainer() {
    String image = TestDocker.image("test.postgres.image", "TEST_POSTGRES_IMAGE", DEFAULT_IMAGE);
    container = new GenericContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
      .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
      .withEnv("POSTGRES_DB", "test")
      .withExposedPorts(LOCAL_PORT)
      // the image starts its server twice (init, then for real); the second "ready" is the one to wait for
      .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
    long started = System.nanoTime();
    container.start();
    TestDocker.stopAtExit(container);
    String url = "postgresql://postgres@" + container.getHost() + ":" + container.getMappedPort(LOCAL_PORT) + "/test";
    TestDocker.announce("PostgreSQL", image, url, started);
    return url;
  }
}
