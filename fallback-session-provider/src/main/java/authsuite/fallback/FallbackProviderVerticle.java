package authsuite.fallback;

import authsuite.common.SuiteService;
import authsuite.common.config.SuiteConfig;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.Closeables;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServer;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/** Emergency sessions while the primary auth service or Redis is down (port 8027). */
public final class FallbackProviderVerticle extends VerticleBase implements SuiteServiceVerticle {
  private static final SuiteService SERVICE = SuiteService.FALLBACK_SESSION_PROVIDER;
  /** Its reason to exist is to work while Redis or PostgreSQL is down: neither may take it out of readiness. */
  private static final Set<Dependency> DEPENDENCIES =
      Set.of(Dependency.optional(Dependency.Kind.REDIS), Dependency.optional(Dependency.Kind.POSTGRES));

  private final Closeables resources = new Closeables();
  private final Clock clock;
  private SuiteServer server;

  public FallbackProviderVerticle() {
    this(Clock.systemUTC());
  }

  /** With the clock its tokens are minted and checked on (tests advance one instead of waiting for an expiry). */
  public FallbackProviderVerticle(Clock clock) {
    this.clock = clock;
  }

  /** What the launcher and tests read this instance's port, drain and platform from (null until start). */
  @Override
  public SuiteServer server() {
    return server;
  }

  /** Nothing here waits for Redis or PostgreSQL: each part starts without them and catches up when they return. */
  @Override
  public Future<?> start() {
    SuiteConfig config = SuiteConfig.from(config());
    FallbackSettings settings = FallbackSettings.from(config);
    ServicePlatform platform = resources.add(ServicePlatform.create(vertx, config, SERVICE, DEPENDENCIES), ServicePlatform::close);
    server = SuiteServer.create(platform);
    String service = SERVICE.serviceName();
    FallbackGate gate = resources.addSync(new FallbackGate(vertx, platform.events(), platform.redis(), platform.keyPrefix(),
        platform.metrics(), service, settings), FallbackGate::close);
    AttemptLimiter limiter = resources.addSync(new AttemptLimiter(vertx, platform.redis(), platform.keyPrefix(),
        settings.userAttemptsPerMinute(), settings.addressAttemptsPerMinute()), AttemptLimiter::close);
    Optional<DatabaseCircuit> circuit = platform.postgres()
        .map(pool -> resources.addSync(new DatabaseCircuit(vertx, pool, settings, platform.metrics(), service), DatabaseCircuit::close));
    AuditLog audit = resources.add(new AuditLog(vertx, platform.postgres(), circuit, settings,
        new AuditMeters(platform.metrics(), service)), AuditLog::close);
    // joined, not all: a part that starts after another failed is still registered, and so closed
    Future<JwtCore> jwt = JwtCore.start(platform, clock).map(core -> resources.add(core, JwtCore::close));
    Future<PasswordCheck> passwords = PasswordCheck.start(vertx, settings).map(check -> resources.add(check, PasswordCheck::close));
    Future<BreakGlassUsers> breakGlass = BreakGlassUsers.load(vertx, settings.breakGlassFile());
    return Future.join(jwt, passwords, breakGlass)
        .map(ready -> {
          UserDirectory directory = new UserDirectory(platform.postgres(), circuit, breakGlass.result(), settings.users());
          int retryAfter = circuit.map(DatabaseCircuit::retryAfterSeconds).orElse(1);
          JwtCore core = jwt.result();
          EmergencySignIn signIn = new EmergencySignIn(gate, limiter, directory, passwords.result(), audit, core.validator(),
              core.minter(), settings, new SignInMeters(platform.metrics(), service), retryAfter);
          return new FallbackRoutes(signIn, gate, core.validator(), core.internalTokens(), circuit, settings.trustedProxies());
        })
        .compose(routes -> Future.all(gate.start(), audit.start()).map(routes))
        .compose(routes -> resources.add(server, SuiteServer::close).serve(routes::mount, raw -> { }))
        .recover(resources::closeAndFail);
  }

  @Override
  public Future<?> stop() {
    return resources.close();
  }
}
