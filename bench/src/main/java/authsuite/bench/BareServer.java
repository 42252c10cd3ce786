package authsuite.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The baseline of the platform benchmark: a bare Vert.x HTTP server answering the same body as a
 * service's {@code /health/live}, with nothing of ours in between. The ratio of a service to this
 * server, measured in the same run, is the cost of the platform kit.
 */
public final class BareServer {
  private BareServer() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args.length > 0 ? args[0] : "18099");
    Buffer body = Buffer.buffer("{\"status\":\"UP\",\"checks\":[{\"id\":\"event-loop\",\"status\":\"UP\"}],\"outcome\":\"UP\"}");
    Vertx vertx = Vertx.vertx();
    vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(body))
        .listen(port)
        .onSuccess(server -> System.out.println("bare server on " + server.actualPort()))
        .onFailure(failure -> {
          failure.printStackTrace();
          vertx.close().onComplete(closed -> System.exit(1));
        });
  }
}
