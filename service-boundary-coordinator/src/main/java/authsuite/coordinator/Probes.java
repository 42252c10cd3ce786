package authsuite.coordinator;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.net.ConnectException;
import java.util.function.Supplier;

/**
 * The probes themselves, each bounded by the probe timeout on its own (the circuit breaker's
 * timeout also applies): a peer that accepts a connection and never answers costs one idle
 * connection for one timeout, never a stuck request.
 */
final class Probes {
  private static final int MAX_HEALTH_BYTES = 64 * 1024;

  private final HttpClient http;
  private final long timeoutMs;

  Probes(Vertx vertx, long timeoutMs) {
    this.timeoutMs = timeoutMs;
    this.http = vertx.createHttpClient(new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout((int) timeoutMs)
            .setMaxInitialLineLength(4096),
        new PoolOptions().setHttp1MaxSize(2));
  }

  /** A suite service's {@code GET /health}: its status field on 200, failure on 503 or anything else. */
  Supplier<Future<String>> serviceHealth(String baseUrl) {
    return () -> get(baseUrl + "/health").compose(response -> response.body().compose(body -> {
      if (body.length() > MAX_HEALTH_BYTES) {
        return Future.failedFuture("health answer over " + MAX_HEALTH_BYTES + " bytes");
      }
      String status = statusOf(body.toString());
      if (response.statusCode() == 200 && (ProbeResult.HEALTHY.equals(status) || ProbeResult.DEGRADED.equals(status))) {
        return Future.succeededFuture(status);
      }
      return Future.failedFuture("health answered " + response.statusCode() + (status == null ? "" : " " + status));
    }));
  }

  /** The primary auth service: up while it answers HTTP without a server error. */
  Supplier<Future<String>> primaryAuth(String url) {
    return () -> get(url).compose(response -> response.end().compose(ended -> response.statusCode() < 500
        ? Future.succeededFuture(ProbeResult.HEALTHY)
        : Future.failedFuture("answered " + response.statusCode())));
  }

  Supplier<Future<String>> redis(Redis redis) {
    return () -> redis.send(Request.cmd(Command.PING)).map(pong -> ProbeResult.HEALTHY);
  }

  Supplier<Future<String>> postgres(Pool pool) {
    return () -> pool.query("SELECT 1").execute().map(rows -> ProbeResult.HEALTHY);
  }

  /**
   * Whether a probe failed because the connection was refused: nothing listens at the address. A connect timeout
   * (Netty's is a ConnectException too) says nothing of the kind: the host may be hung or the network slow.
   */
  static boolean refused(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectTimeoutException) {
        return false;
      }
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  Future<Void> close() {
    return http.close();
  }

  private Future<HttpClientResponse> get(String url) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
            .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs))
        .compose(request -> request.send());
  }

  private static String statusOf(String body) {
    try {
      return new JsonObject(body).getString("status");
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
