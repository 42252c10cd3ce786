package authsuite.fallback;

import at.favre.lib.crypto.bcrypt.BCrypt;
import authsuite.common.config.SuiteConfig;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.events.ModeChange;
import authsuite.common.platform.RedisClients;
import authsuite.common.config.RedisSettings;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TcpOutageProxy;
import authsuite.common.testing.TestPostgres;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A real fallback provider on a random port, reaching the test PostgreSQL (its own schema, a seeded
 * users table with real bcrypt hashes) and the test Redis (its own key prefix) each through a
 * {@link TcpOutageProxy}, so that a test can take either away from this service alone.
 */
final class FallbackFixture {
  static final String PASSWORD = "correct horse battery staple";
  /** PHP's password_hash() documentation example: an externally made $2y$ hash of "rasmuslerdorf". */
  static final String PHP_2Y_HASH = "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a";
  static final String BREAK_GLASS_USER = "ops-breakglass";
  static final String BREAK_GLASS_PASSWORD = "glass is broken, come in";

  final Vertx vertx;
  final String schema = TestPostgres.uniqueSchema();
  final String prefix = TestRedis.uniqueKeyPrefix();
  final Path dir;
  final WebClient client;
  final Pool db;
  final Redis redis;
  final AuthEventChannel events;
  TcpOutageProxy pgProxy;
  TcpOutageProxy redisProxy;
  FallbackProviderVerticle service;

  /** On the shared 3-master Redis Cluster, reached directly: {@link #redisProxy} then carries nothing of the service's. */
  final boolean cluster;

  FallbackFixture(Vertx vertx) throws Exception {
    this(vertx, false);
  }

  FallbackFixture(Vertx vertx, boolean cluster) throws Exception {
    this.vertx = vertx;
    this.cluster = cluster;
    this.dir = Files.createTempDirectory("fallback-test");
    this.client = WebClient.create(vertx);
    this.db = TestPostgres.pool(vertx, schema).await();
    RedisSettings redisAt = cluster ? RedisCluster.shared().settings(prefix)
        : new RedisSettings(List.of(TestRedis.url()), RedisSettings.Mode.STANDALONE, null, prefix);
    this.redis = cluster ? RedisClients.create(vertx, redisAt) : Redis.createClient(vertx, TestRedis.url());
    this.events = AuthEventChannel.redis(vertx, redis, RedisClients.options(redisAt), prefix + "auth-events");
    this.pgProxy = TcpOutageProxy.forUrl(vertx, TestPostgres.url()).await();
    this.redisProxy = TcpOutageProxy.forUrl(vertx, TestRedis.url()).await();
    seedUsers();
    Files.writeString(dir.resolve("break-glass.json"), new JsonArray().add(new JsonObject()
        .put("username", BREAK_GLASS_USER).put("user_id", "bg-1").put("email", "ops@example.com")
        .put("hashed_password", hash(BCrypt.Version.VERSION_2B, BREAK_GLASS_PASSWORD))).encodePrettily());
  }

  JsonObject config() {
    JsonObject redisConfig = cluster ? RedisCluster.shared().config(prefix)
        : TestServices.redisConfig(prefix).put(SuiteConfig.REDIS_URL, redisProxy.proxied(TestRedis.url()));
    return redisConfig
        .put(SuiteConfig.DATABASE_URL, pgProxy.proxied(TestPostgres.url()))
        .put(SuiteConfig.DATABASE_SCHEMA, schema)
        .put("FALLBACK_BCRYPT_COST", "4")
        .put("FALLBACK_ROLES", "emergency-user")
        .put("FALLBACK_SCOPES", "read")
        .put("FALLBACK_AUDIT_FILE", dir.resolve("audit/fallback-audit.jsonl").toString())
        .put("FALLBACK_AUDIT_REPLAY_MS", "200")
        .put("FALLBACK_BREAK_GLASS_FILE", dir.resolve("break-glass.json").toString())
        .put("FALLBACK_PROBE_INTERVAL_MS", "200")
        .put("FALLBACK_PROBE_FAILURES", "1");
  }

  FallbackFixture start() {
    return start(config());
  }

  FallbackFixture start(JsonObject config) {
    return start(config, Clock.systemUTC());
  }

  /** The service minting and checking its tokens on {@code clock} (a {@code TestClock} to advance time). */
  FallbackFixture start(JsonObject config, Clock clock) {
    service = TestServices.start(vertx, new FallbackProviderVerticle(clock), config).await();
    return this;
  }

  /** A second instance on the same Redis and database, started now. */
  FallbackProviderVerticle startAnother() {
    return TestServices.start(vertx, new FallbackProviderVerticle(), config()).await();
  }

  void close() throws Exception {
    client.close();
    if (service != null) {
      vertx.undeploy(service.deploymentID()).await();
    }
    pgProxy.close().await();
    redisProxy.close().await();
    events.close().await();
    if (!cluster) {
      TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).await();
    }
    redis.close();
    db.close().await();
    TestPostgres.dropSchema(vertx, schema).await();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    }
  }

  /** What the coordinator does on a mode change: a mode_changed event, and the key a late starter reads. */
  void forceMode(String mode) {
    ModeChange change = new ModeChange(mode, null, "test", true, null);
    redis.send(Request.cmd(Command.SET, ModeChange.redisKey(prefix), change.toJson().encode())).await();
    events.publish(change.toEvent("test-coordinator")).await();
    awaitCondition(() -> status().getBoolean("active") == change.allowsFallback(), "mode " + mode + " to be seen");
  }

  JsonObject status() {
    return client.get(service.port(), "127.0.0.1", "/api/v1/fallback/status").send().await().bodyAsJsonObject();
  }

  HttpResponse<Buffer> signIn(String username, String password) {
    return post("/api/v1/fallback/emergency-auth", new JsonObject().put("username", username).put("password", password));
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return client.post(service.port(), "127.0.0.1", path).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> postRaw(String path, String contentType, Buffer body) {
    return client.post(service.port(), "127.0.0.1", path).putHeader("Content-Type", contentType).sendBuffer(body).await();
  }

  HttpResponse<Buffer> internalPost(String path, JsonObject body) {
    return client.post(service.port(), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx)).sendJsonObject(body).await();
  }

  JsonObject validate(String token) {
    HttpResponse<Buffer> response = post("/api/v1/fallback/validate", new JsonObject().put("token", token));
    if (response.statusCode() != 200) {
      throw new AssertionError("validate answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  List<Row> auditRows() {
    List<Row> rows = new ArrayList<>();
    db.query("SELECT * FROM emergency_audit ORDER BY occurred_at").execute().await().forEach(rows::add);
    return rows;
  }

  boolean auditTableExists() {
    return db.query("SELECT to_regclass('emergency_audit') IS NOT NULL").execute().await().iterator().next().getBoolean(0);
  }

  Path auditFile() {
    return dir.resolve("audit/fallback-audit.jsonl");
  }

  static void awaitCondition(BooleanSupplier condition, String what) {
    Eventually.until(what, condition, Duration.ofSeconds(10));
  }

  static String hash(BCrypt.Version version, String password) {
    return new String(BCrypt.with(version).hash(4, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
  }

  /** The primary auth service's table, as its migrations make it; alice $2b$, carol $2a$, dave $2y$, bob inactive. */
  private void seedUsers() {
    db.query("""
        CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, username text UNIQUE NOT NULL,
          hashed_password text NOT NULL, is_active boolean NOT NULL DEFAULT true)""").execute().await();
    db.preparedQuery("INSERT INTO users (email, username, hashed_password, is_active) VALUES ($1, $2, $3, $4)")
        .executeBatch(List.of(
            Tuple.of("alice@example.com", "alice", hash(BCrypt.Version.VERSION_2B, PASSWORD), true),
            Tuple.of("bob@example.com", "bob", hash(BCrypt.Version.VERSION_2B, PASSWORD), false),
            Tuple.of("carol@example.com", "carol", hash(BCrypt.Version.VERSION_2A, PASSWORD), true),
            Tuple.of("dave@example.com", "dave", hash(BCrypt.Version.VERSION_2Y, PASSWORD), true),
            Tuple.of("rasmus@example.com", "rasmus", PHP_2Y_HASH, true)))
        .await();
  }
}
