package authsuite.common.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real TCP proxy in front of a real server (PostgreSQL, Redis), so that a test can take that
 * server away from one service and give it back without touching the server itself, which other
 * tests share. {@link #cutOff()} closes every proxied connection and closes each new one as soon
 * as it is accepted, as a stopped server would; {@link #hang()} keeps every connection open and
 * answers nothing on any of them, new ones included, as a hung server (SIGSTOP, a full disk, a
 * lock) does; {@link #restore()} forwards again, and a hung connection's held bytes go through.
 */
public final class TcpOutageProxy {
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final Set<NetSocket> held = ConcurrentHashMap.newKeySet();
  private volatile boolean cutOff;
  private volatile boolean hung;
  private NetServer server;

  private TcpOutageProxy(Vertx vertx, String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2_000));
  }

  /** A proxy on a free port of 127.0.0.1 forwarding to {@code targetHost:targetPort}. */
  public static Future<TcpOutageProxy> start(Vertx vertx, String targetHost, int targetPort) {
    TcpOutageProxy proxy = new TcpOutageProxy(vertx, targetHost, targetPort);
    proxy.server = vertx.createNetServer().connectHandler(proxy::accept);
    return proxy.server.listen(0, "127.0.0.1").map(listening -> proxy);
  }

  /** A proxy to the host and port of a URL such as {@code redis://127.0.0.1:6379} or {@code postgresql://u@h:5432/db}. */
  public static Future<TcpOutageProxy> forUrl(Vertx vertx, String url) {
    URI uri = URI.create(url);
    return start(vertx, uri.getHost(), uri.getPort());
  }

  /** {@code url} with its host and port replaced by this proxy's. */
  public String proxied(String url) {
    URI uri = URI.create(url);
    String authority = (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@") + "127.0.0.1:" + port();
    return uri.getScheme() + "://" + authority + (uri.getRawPath() == null ? "" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  public int port() {
    return server.actualPort();
  }

  /** The server is gone: every open connection is closed, and new ones are closed on arrival. */
  public Future<Void> cutOff() {
    cutOff = true;
    hung = false;
    List<Future<Void>> closing = new ArrayList<>();
    open.forEach(socket -> closing.add(socket.close()));
    held.forEach(socket -> closing.add(socket.close()));
    open.clear();
    held.clear();
    return Future.join(closing).mapEmpty();
  }

  /**
   * The server hangs: no byte goes through either way on any open connection, and new connections are
   * accepted and held unanswered, so that a client waits until its own timeout, as it would on a real one.
   */
  public void hang() {
    hung = true;
    open.forEach(NetSocket::pause);
  }

  /** The server is back: new connections are forwarded again, and hung ones go on where they stopped. */
  public void restore() {
    cutOff = false;
    if (hung) {
      hung = false;
      open.forEach(NetSocket::resume);
      held.forEach(socket -> {
        held.remove(socket);
        forward(socket);
      });
    }
  }

  public Future<Void> close() {
    return cutOff().compose(v -> server.close()).eventually(client::close);
  }

  private void accept(NetSocket inbound) {
    if (cutOff) {
      inbound.close();
      return;
    }
    inbound.pause();
    if (hung) {
      held.add(inbound);
      inbound.closeHandler(v -> held.remove(inbound));
      return;
    }
    forward(inbound);
  }

  private void forward(NetSocket inbound) {
    open.add(inbound);
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed() || cutOff) {
        open.remove(inbound);
        inbound.close();
        if (connected.succeeded()) {
          connected.result().close();
        }
        return;
      }
      NetSocket outbound = connected.result();
      open.add(outbound);
      inbound.closeHandler(v -> closeBoth(inbound, outbound));
      outbound.closeHandler(v -> closeBoth(inbound, outbound));
      inbound.pipeTo(outbound);
      outbound.pipeTo(inbound);
      if (hung) {
        inbound.pause();
        outbound.pause();
      }
    });
  }

  private void closeBoth(NetSocket a, NetSocket b) {
    open.remove(a);
    open.remove(b);
    a.close();
    b.close();
  }
}
