package authsuite.session;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * The session store's hot path on one long-lived connection taken from the pooled client, with every request
 * pipelined on it: no pool lease per command, and the concurrent validations' replies arrive (and Redis reads
 * their commands) several per read. A connection that fails for any reason other than an error reply of Redis
 * is dropped, and the next command takes a new one; a full pipeline overflows onto the pool. A connection that
 * Redis closes (a restart, a crash) is dropped as it closes: an instance that was idle through a Redis restart
 * must not answer its next request 503 from a connection that died while Redis is back (docs/robustness.md, a
 * dead connection is never reused).
 */
final class PipelinedRedis implements Redis {
  private final Redis pool;
  private Future<RedisConnection> connection;

  PipelinedRedis(Redis pool) {
    this.pool = pool;
  }

  @Override
  public Future<RedisConnection> connect() {
    return pool.connect();
  }

  @Override
  public Future<Response> send(Request request) {
    Future<RedisConnection> current = current();
    RedisConnection ready = current.succeeded() ? current.result() : null;
    if (ready != null && ready.pendingQueueFull()) {
      return pool.send(request);
    }
    // sent from here, not from a callback of the connection's future: that runs on the context of the request that
    // opened the connection, and the command (its span, its log lines, its reply) must belong to the caller's request
    Future<Response> sent = ready != null ? ready.send(request) : current.compose(conn -> conn.send(request));
    return sent.onFailure(failure -> dropIfBroken(current, failure));
  }

  @Override
  public Future<List<Response>> batch(List<Request> requests) {
    return pool.batch(requests);
  }

  /** Gives the connection back to the pool; the pool itself is its owner's to close. */
  @Override
  public Future<Void> close() {
    Future<RedisConnection> current = connection;
    connection = null;
    return current == null ? Future.succeededFuture() : current.compose(PipelinedRedis::release).otherwiseEmpty();
  }

  private Future<RedisConnection> current() {
    Future<RedisConnection> current = connection;
    if (current == null || current.failed()) {
      Future<RedisConnection> fresh = pool.connect();
      fresh.onSuccess(conn -> conn.endHandler(closed -> {
        if (connection == fresh) {
          connection = null;
        }
      }));
      connection = fresh;
      current = fresh;
    }
    return current;
  }

  private void dropIfBroken(Future<RedisConnection> used, Throwable failure) {
    // an error reply (WRONGTYPE, NOSCRIPT...) is an answer on a healthy connection; anything else is not
    if (failure instanceof Response || connection != used) {
      return;
    }
    connection = null;
    if (used.succeeded()) {
      release(used.result());
    }
  }

  /** Back to the pool, without our end handler: the pool may lend the connection to someone else. */
  private static Future<Void> release(RedisConnection conn) {
    conn.endHandler(null);
    return conn.close();
  }
}
