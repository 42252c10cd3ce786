package authsuite.wsgateway;

import authsuite.common.SuiteService;
import authsuite.common.config.RedisSettings;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.Closeables;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.ServiceRouter;
import authsuite.common.platform.SuiteServer;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Authenticates WebSocket upgrades and relays frames to the chat upstream (port 8028). */
public final class WebSocketGatewayVerticle extends VerticleBase implements SuiteServiceVerticle {
  private static final SuiteService SERVICE = SuiteService.WEBSOCKET_AUTH_GATEWAY;
  private static final Set<Dependency> DEPENDENCIES = Set.of(Dependency.critical(Dependency.Kind.REDIS));

  private final Clock clock;
  private final Closeables resources = new Closeables();
  private SuiteServer server;
  private OpenSockets sockets;

  public WebSocketGatewayVerticle() {
    this(Clock.systemUTC());
  }

  /** @param clock what tokens are checked on, sockets' expiries counted from and registry entries dated with */
  public WebSocketGatewayVerticle(Clock clock) {
    this.clock = clock;
  }

  /** What the launcher and tests read this instance's port, drain and platform from (null until start). */
  @Override
  public SuiteServer server() {
    return server;
  }

  @Override
  public Future<?> start() {
    SuiteConfig config = SuiteConfig.from(config());
    GatewaySettings settings = GatewaySettings.from(config);
    ServicePlatform platform = resources.add(ServicePlatform.create(vertx, config, SERVICE, DEPENDENCIES), ServicePlatform::close);
    server = SuiteServer.create(platform).options(WebSocketGatewayVerticle::webSocketOptions);
    String instanceId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
    ConnectionRegistry registry = connectionRegistry(platform, settings, instanceId);
    Tickets tickets = new Tickets(vertx, platform.redis().orElse(null), platform.keyPrefix(), settings.ticketTtl());
    ChatUpstream upstream = resources.add(new ChatUpstream(vertx, settings.upstream(), settings.maxFrameBytes()), ChatUpstream::close);
    return JwtCore.start(platform, clock)
        .map(jwt -> resources.add(jwt, JwtCore::close))
        .compose(jwt -> {
          UserTokens tokens = new UserTokens(jwt.validator());
          sockets = new OpenSockets(vertx, settings, tokens, jwt.revocations(), registry, instanceId, platform.metrics(),
              SERVICE.serviceName(), clock);
          // the route hands each socket it opens to the owner through reserve, and knows nothing else of it
          UpgradeRoute upgrade = new UpgradeRoute(vertx, settings, tokens, tickets, upstream, sockets::reserve);
          GatewayRoutes routes = new GatewayRoutes(jwt.validator(), jwt.internalTokens(), tickets, registry, settings.policy());
          // draining or stopping, every client is told to reconnect elsewhere (1001 going_away, which the web client
          // answers by reconnecting, through the edge to another instance) before the server stops accepting
          return sockets.start(platform.events())
              .compose(started -> resources.add(server.closingFirst(sockets::closeAll), SuiteServer::close)
                  .serve(routes::mount, raw -> mountUpgrade(raw, upgrade)));
        })
        .recover(resources::closeAndFail);
  }

  private ConnectionRegistry connectionRegistry(ServicePlatform platform, GatewaySettings settings, String instanceId) {
    boolean cluster = platform.config().redis().filter(redisAt -> redisAt.mode() == RedisSettings.Mode.CLUSTER).isPresent();
    return platform.redis()
        .map(redis -> ConnectionRegistry.redis(redis, platform.keyPrefix(), instanceId, settings.heartbeat(), cluster, clock))
        .orElseGet(ConnectionRegistry::local);
  }

  /** The {@code bearer} subprotocol is echoed to clients that authenticate with {@code Sec-WebSocket-Protocol: bearer, <token>}. */
  private static HttpServerOptions webSocketOptions(HttpServerOptions options) {
    return options.setWebSocketSubProtocols(List.of(UpgradeRoute.BEARER_PROTOCOL))
        .setMaxWebSocketFrameSize(GatewaySettings.FRAME_CEILING)
        .setWebSocketClosingTimeout(GatewaySettings.CLOSING_TIMEOUT_S);
  }

  private static void mountUpgrade(Router router, UpgradeRoute upgrade) {
    ServiceRouter.getOnly(router.get("/ws")).handler(new WebSocketHandshake()).handler(upgrade::upgrade);
  }

  /** The server first (its sockets told to reconnect elsewhere), then what was built, newest first, the platform last. */
  @Override
  public Future<?> stop() {
    return resources.close();
  }

  /** Sockets this instance holds now (tests, the benchmark). */
  public int openSockets() {
    return sockets == null ? 0 : sockets.size();
  }
}
