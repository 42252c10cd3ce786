package authsuite.coordinator;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A peer answering healthy until told to hold: then it keeps each probe open, until told to fail the held ones. */
final class HeldPeer {
  private final HttpServer server;
  private final AtomicBoolean holding = new AtomicBoolean();
  private final Set<HttpServerRequest> held = ConcurrentHashMap.newKeySet();

  HeldPeer(Vertx vertx) {
    Buffer healthy = new JsonObject().put("status", "healthy").toBuffer();
    server = vertx.createHttpServer().requestHandler(request -> {
      if (!holding.get()) {
        request.response().putHeader("Content-Type", "application/json").end(healthy);
        return;
      }
      held.add(request);
      request.response().closeHandler(v -> held.remove(request));
    }).listen(0, "127.0.0.1").await();
  }

  int port() {
    return server.actualPort();
  }

  void hold() {
    holding.set(true);
  }

  boolean holdsOpen() {
    return !held.isEmpty();
  }

  /** Answers the held probes 503 (a failed probe, not a refused one); later probes are still held. */
  void failHeld() {
    for (HttpServerRequest request : List.copyOf(held)) {
      held.remove(request);
      request.response().setStatusCode(503).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("status", "unhealthy").toBuffer());
    }
  }

  void close() {
    server.close().otherwiseEmpty().await();
  }
}
