package authsuite.common.http;

import authsuite.common.http.impl.ConnectionDeadlines;
import authsuite.common.http.impl.StrictMessageFraming;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.BindException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Starts a service's HTTP server, falling back to the next free port when allowed. Requests whose
 * framing is ambiguous are refused at its decoder, and whatever the decoder refuses is answered as a
 * problem like every other error ({@link ProblemResponder#invalidRequest}). A client too slow to send its request, or
 * idle between requests, loses its connection ({@link HttpDeadlines}).
 */
public final class ServiceHttp {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceHttp.class);
  private static final int FALLBACK_ATTEMPTS = 50;

  private ServiceHttp() {
  }

  public static Future<HttpServer> listen(Vertx vertx, Router router, String service, String host, int port, boolean portFallback) {
    return listen(vertx, router, service, host, port, portFallback, HttpDeadlines.DEFAULTS, UnaryOperator.identity());
  }

  /**
   * As above, with the connection deadlines from configuration and the service's own additions to the server options
   * (WebSocket subprotocols, frame sizes).
   */
  public static Future<HttpServer> listen(Vertx vertx, Router router, String service, String host, int port, boolean portFallback,
                                          HttpDeadlines deadlines, UnaryOperator<HttpServerOptions> customize) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setMaxHeaderSize(RequestLimits.MAX_HEADER_BYTES)
        // HTTP/1.1 only: an h2c upgrade passed on by a proxy that relays Upgrade headers (as /ws needs) would
        // leave the proxy's view of the connection behind (h2c smuggling), and the strict decoder is HTTP/1's
        .setHttp2ClearTextEnabled(false)
        // answers are a few hundred bytes: compressing them costs more than it saves (a proxy in front may)
        .setCompressionSupported(false)
        // no WebSocket compression either: Netty inflates a compressed frame whole, with no bound on what it inflates
        // to, before any handler (and so before any credential) sees it: a 59 KiB frame was 60 MiB and 11 s of the
        // event loop (docs/robustness.md, nothing costly before authentication)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false);
    return listen(vertx, router, customize.apply(options), deadlines, service, port, portFallback ? FALLBACK_ATTEMPTS : 0);
  }

  private static Future<HttpServer> listen(Vertx vertx, Router router, HttpServerOptions options, HttpDeadlines deadlines,
                                           String service, int port, int attemptsLeft) {
    HttpServerOptions bound = new HttpServerOptions(options).setPort(port);
    return vertx.createHttpServer(bound)
        .connectionHandler(connection -> {
          StrictMessageFraming.install(connection, bound);
          ConnectionDeadlines.install(connection, deadlines);
        })
        .invalidRequestHandler(ProblemResponder::invalidRequest)
        .requestHandler(router)
        .listen()
        .recover(failure -> {
          if (!portBusy(failure) || attemptsLeft == 0 || port == 0 || port >= 65535) {
            return Future.failedFuture(portBusy(failure)
                ? new IllegalStateException(service + ": port " + port + " is in use (set PORT_FALLBACK=true to take the next free one)", failure)
                : failure);
          }
          LOG.warn("port busy, trying the next one", kv("service", service), kv("port", port));
          return listen(vertx, router, options, deadlines, service, port + 1, attemptsLeft - 1);
        });
  }

  private static boolean portBusy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
