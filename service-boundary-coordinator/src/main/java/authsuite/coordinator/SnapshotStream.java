package authsuite.coordinator;

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
 * the connection. A client that does not read its events is dropped rather than buffered for.
 */
final class SnapshotStream {
  static final int MAX_CLIENTS = 10_000;
  private static final long KEEP_ALIVE_MS = 15_000;
  private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

  private final Set<HttpServerResponse> clients = new LinkedHashSet<>();
  private final Vertx vertx;
  private final long keepAliveTimer;

  SnapshotStream(Vertx vertx) {
    this.vertx = vertx;
    this.keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE_MS, tick -> send(KEEP_ALIVE));
  }

  void connect(RoutingContext ctx, Supplier<HealthSnapshot> current) {
    if (clients.size() >= MAX_CLIENTS) {
      ctx.response().setStatusCode(503).putHeader("Retry-After", "10").end();
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
