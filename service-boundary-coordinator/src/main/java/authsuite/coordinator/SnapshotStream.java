package authsuite.coordinator;

import authsuite.common.http.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/health/integration/stream}: server-sent events, the current snapshot on connect
 * and each changed one after, plus a comment line every {@link #KEEP_ALIVE_MS} so proxies keep
 * the connection. A client that does not read its events is dropped rather than buffered for, and an
 * instance holds at most {@code maxStreams} of them: one more is 503 {@code too_many_streams} with
 * {@code Retry-After} (docs/robustness.md, bounded streams).
 */
final class SnapshotStream {
  /** What a client refused for want of a slot is told to wait: about the time in which other streams come and go. */
  private static final int RETRY_AFTER_S = 10;
  private static final long KEEP_ALIVE_MS = 15_000;
  private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

  private final Set<HttpServerResponse> clients = new LinkedHashSet<>();
  private final Vertx vertx;
  private final int maxStreams;
  private final long keepAliveTimer;
  private boolean closed;

  SnapshotStream(Vertx vertx, int maxStreams) {
    this.vertx = vertx;
    this.maxStreams = maxStreams;
    this.keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE_MS, tick -> send(KEEP_ALIVE));
  }

  void connect(RoutingContext ctx, Supplier<HealthSnapshot> current) {
    if (closed) {
      // draining: a stream opened now would only hold the shutdown up; the client's EventSource retries elsewhere
      ctx.fail(Problem.unavailable("draining", "this instance is shutting down; reconnect", 1));
      return;
    }
    if (clients.size() >= maxStreams) {
      ctx.fail(Problem.unavailable("too_many_streams",
          "this instance already holds " + maxStreams + " event streams; poll " + IntegrationRoutes.INTEGRATION + " or retry later",
          RETRY_AFTER_S));
      return;
    }
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    clients.add(response);
    response.closeHandler(v -> clients.remove(response));
    response.exceptionHandler(e -> clients.remove(response));
    response.write(event(current.get()));
  }

  void push(HealthSnapshot snapshot) {
    if (!clients.isEmpty()) {
      send(event(snapshot));
    }
  }

  int clients() {
    return clients.size();
  }

  void close() {
    closed = true;
    vertx.cancelTimer(keepAliveTimer);
    clients.forEach(HttpServerResponse::end);
    clients.clear();
  }

  private void send(Buffer message) {
    clients.removeIf(client -> {
      if (client.closed() || client.writeQueueFull()) {
        client.reset();
        return true;
      }
      client.write(message);
      return false;
    });
  }

  private static Buffer event(HealthSnapshot snapshot) {
    return Buffer.buffer(snapshot.body().length() + 64)
        .appendString("event: health\nid: ")
        .appendString(snapshot.etag().replace("\"", ""))
        .appendString("\ndata: ")
        .appendBuffer(snapshot.body())
        .appendString("\n\n");
  }
}
