package authsuite.session;

import authsuite.common.testing.RedisCluster;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** A real session-validation-normalizer on a random port, on a real Redis under its own key prefix. */
final class SessionFixture {
  static final String VALIDATE = "/api/v1/session/validate";

  final Vertx vertx;
  final String prefix = TestRedis.uniqueKeyPrefix();
  final WebClient client;
  String redisUrl = TestRedis.url();
  SessionNormalizerVerticle service;
  private boolean cluster;

  SessionFixture(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
  }

  /** The service on the shared 3-master Redis Cluster instead of the single test Redis. */
  SessionFixture onCluster() {
    cluster = true;
    return this;
  }

  JsonObject config() {
    return cluster ? RedisCluster.shared().config(prefix) : TestServices.redisConfig(prefix).put("REDIS_URL", redisUrl);
  }

  SessionFixture start() {
    return start(config());
  }

  SessionFixture start(JsonObject config) {
    return start(config, Clock.systemUTC());
  }

  /** The service reading its sessions' lifetimes on {@code clock} (a {@code TestClock} to advance time). */
  SessionFixture start(JsonObject config, Clock clock) {
    service = TestServices.start(vertx, new SessionNormalizerVerticle(clock), config).await();
    return this;
  }

  void close() {
    client.close();
    if (service != null) {
      vertx.undeploy(service.deploymentID()).otherwiseEmpty().await();
    }
    if (!cluster) {
      TestRedis.deleteKeys(vertx, redisUrl, prefix).otherwiseEmpty().await();
    }
  }

  HttpRequest<Buffer> post(String path) {
    return client.post(service.port(), "127.0.0.1", path);
  }

  HttpRequest<Buffer> get(String path) {
    return client.get(service.port(), "127.0.0.1", path);
  }

  HttpResponse<Buffer> internalPost(String path, JsonObject body) {
    return post(path).putHeader("Authorization", "Bearer " + TestTokens.internal(vertx)).sendJsonObject(body).await();
  }

  /** A new session of the user through the internal create endpoint; answers its id. */
  String createSession(String userId) {
    return createSession(new JsonObject().put("user_id", userId).put("email", userId + "@example.com")
        .put("username", "user-" + userId).put("roles", new JsonArray().add("chat-user")));
  }

  String createSession(JsonObject body) {
    HttpResponse<Buffer> created = internalPost("/api/v1/session/create", body);
    if (created.statusCode() != 201) {
      throw new AssertionError("create answered " + created.statusCode() + ": " + created.bodyAsString());
    }
    return created.bodyAsJsonObject().getString("session_id");
  }

  /** Validate with the request shaped by {@code credential} (a header, a cookie...), with no body. */
  HttpResponse<Buffer> validate(UnaryOperator<HttpRequest<Buffer>> credential) {
    return credential.apply(post(VALIDATE)).send().await();
  }

  HttpResponse<Buffer> validateBody(JsonObject body) {
    return post(VALIDATE).sendJsonObject(body).await();
  }

  /** The 200 answer of validating a session id given as X-Session-ID. */
  JsonObject validateSessionId(String sessionId) {
    return ok(validate(request -> request.putHeader("X-Session-ID", sessionId)));
  }

  static JsonObject ok(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }
}
