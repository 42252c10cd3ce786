package authsuite.wsgateway;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The chat upstream of the tests: a real WebSocket server echoing every frame as it came, counting its connections. */
final class EchoUpstream {
  final AtomicInteger connections = new AtomicInteger();
  final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
  volatile MultiMap lastHeaders;
  private final HttpServer server;

  private EchoUpstream(HttpServer server) {
    this.server = server;
  }

  static EchoUpstream start(Vertx vertx) {
    EchoUpstream[] holder = new EchoUpstream[1];
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(ws -> holder[0].accept(ws));
    holder[0] = new EchoUpstream(server);
    server.listen().await();
    return holder[0];
  }

  private void accept(ServerWebSocket ws) {
    connections.incrementAndGet();
    lastHeaders = ws.headers();
    sockets.add(ws);
    ws.closeHandler(closed -> sockets.remove(ws));
    ws.frameHandler(frame -> {
      if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
        ws.writeFrame(frame);
        if (ws.writeQueueFull()) {
          ws.pause();
          ws.drainHandler(drained -> ws.resume());
        }
      }
    });
  }

  String url() {
    return "ws://127.0.0.1:" + server.actualPort() + "/chat";
  }

  void stop() {
    server.close().await();
  }
}
