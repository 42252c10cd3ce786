package authsuite.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The chat upstream of the WebSocket benchmark, in its own process (file descriptors are counted per process): a
 * WebSocket server echoing every frame, with backpressure.
 *   args: port
 */
public final class WsEchoUpstream {
  private WsEchoUpstream() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setAcceptBacklog(4096))
        .webSocketHandler(ws -> ws.frameHandler(frame -> {
          if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
            ws.writeFrame(frame);
            if (ws.writeQueueFull()) {
              ws.pause();
              ws.drainHandler(drained -> ws.resume());
            }
          }
        }))
        .listen().toCompletionStage().toCompletableFuture().join();
    System.out.println("ready");
  }
}
