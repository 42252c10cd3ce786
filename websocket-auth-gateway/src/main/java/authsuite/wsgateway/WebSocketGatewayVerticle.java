package authsuite.wsgateway;

import authsuite.common.config.RedisSettings;
import authsuite.common.SuiteService;
import authsuite.common.http.WebSocketHandshake;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.ServiceRouter;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Authenticates WebSocket upgrades and relays frames to the chat upstream (port 8028). */
public final class WebSocketGatewayVerticle extends SuiteServiceVerticle {
  private JwtCore jwt;
  private ChatUpstream upstream;
  private OpenSockets sockets;
  private UpgradeRoute upgrade;
  private GatewayRoutes routes;

  @Override
  protected SuiteService service() {
    return SuiteService.WEBSOCKET_AUTH_GATEWAY;
  }

  @Override
  protected Future<Void> prepare(ServicePlatform platform) {
    GatewaySettings settings = GatewaySettings.from(platform.config());
    String instanceId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
    ConnectionRegistry registry = platform.redis()
        .map(redis -> ConnectionRegistry.redis(vertx, redis, platform.keyPrefix(), instanceId, settings.heartbeat(),
            platform.config().redis().filter(redisAt -> redisAt.mode() == RedisSettings.Mode.CLUSTER).isPresent()))
        .orElseGet(ConnectionRegistry::local);
    Tickets tickets = new Tickets(vertx, platform.redis().orElse(null), platform.keyPrefix(), settings.ticketTtl());
    return JwtCore.start(platform).compose(core -> {
      jwt = core;
      upstream = new ChatUpstream(vertx, settings.upstream(), settings.maxFrameBytes());
      UserTokens tokens = new UserTokens(core.validator());
      sockets = new OpenSockets(vertx, settings, tokens, core.revocations(), registry, instanceId, platform.metrics(),
          service().serviceName());
      // the route hands each socket it opens to the owner through reserve, and knows nothing else of it
      upgrade = new UpgradeRoute(vertx, settings, tokens, tickets, upstream, sockets::reserve);
      routes = new GatewayRoutes(core, tickets, registry, settings.policy());
      return sockets.start(platform.events());
    });
  }

  /** The {@code bearer} subprotocol is echoed to clients that authenticate with {@code Sec-WebSocket-Protocol: bearer, <token>}. */
  @Override
  protected HttpServerOptions serverOptions(HttpServerOptions options) {
    return options.setWebSocketSubProtocols(List.of(UpgradeRoute.BEARER_PROTOCOL))
        .setMaxWebSocketFrameSize(GatewaySettings.FRAME_CEILING)
        .setWebSocketClosingTimeout(GatewaySettings.CLOSING_TIMEOUT_S);
  }

  @Override
  protected void mountRaw(ServicePlatform platform, Router router) {
    ServiceRouter.getOnly(router.get("/ws")).handler(new WebSocketHandshake()).handler(upgrade::upgrade);
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    routes.mount(api);
  }

  /**
   * Draining: every client is told to reconnect elsewhere (1001 {@code going_away}, which the web client answers by
   * reconnecting, through the edge to another instance) before the server stops accepting.
   */
  @Override
  protected Future<Void> closeLongLivedConnections() {
    return sockets != null ? sockets.closeAll() : Future.succeededFuture();
  }

  /** Clients are told to reconnect elsewhere (1001) before the server and the platform close. */
  @Override
  public Future<?> stop() {
    Future<Void> closed = sockets != null ? sockets.closeAll() : Future.succeededFuture();
    return closed.eventually(super::stop);
  }

  @Override
  protected Future<Void> release() {
    Future<Void> upstreamClosed = upstream != null ? upstream.close() : Future.succeededFuture();
    return upstreamClosed.eventually(() -> jwt != null ? jwt.close() : Future.succeededFuture());
  }

  /** Sockets this instance holds now (tests, the benchmark). */
  public int openSockets() {
    return sockets == null ? 0 : sockets.size();
  }
}
