package authsuite.fallback;

import authsuite.common.SuiteService;
import authsuite.common.jwt.JwtCore;
import authsuite.common.platform.Dependency;
import authsuite.common.platform.ServicePlatform;
import authsuite.common.platform.SuiteServiceVerticle;
import io.vertx.core.Future;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Emergency sessions while the primary auth service or Redis is down (port 8027). */
public final class FallbackProviderVerticle extends SuiteServiceVerticle {
  private JwtCore jwt;
  private FallbackGate gate;
  private AttemptLimiter limiter;
  private PasswordCheck passwords;
  private AuditLog audit;
  private Optional<DatabaseCircuit> circuit = Optional.empty();
  private FallbackRoutes routes;
  private final Clock clock;

  public FallbackProviderVerticle() {
    this(Clock.systemUTC());
  }

  /** With the clock its tokens are minted and checked on (tests advance one instead of waiting for an expiry). */
  public FallbackProviderVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  protected SuiteService service() {
    return SuiteService.FALLBACK_SESSION_PROVIDER;
  }

  /** Its reason to exist is to work while Redis or PostgreSQL is down: neither may take it out of readiness. */
  @Override
  protected Set<Dependency> dependencies() {
    return Set.of(Dependency.optional(Dependency.Kind.REDIS), Dependency.optional(Dependency.Kind.POSTGRES));
  }

  /** Nothing here waits for Redis or PostgreSQL: each part starts without them and catches up when they return. */
  @Override
  protected Future<Void> prepare(ServicePlatform platform) {
    FallbackSettings settings = FallbackSettings.from(platform.config());
    gate = new FallbackGate(platform, settings);
    limiter = new AttemptLimiter(vertx, platform.redis(), platform.keyPrefix(), settings.userAttemptsPerMinute(),
        settings.addressAttemptsPerMinute());
    String service = service().serviceName();
    circuit = platform.postgres().map(pool -> new DatabaseCircuit(vertx, pool, settings, platform.metrics(), service));
    audit = new AuditLog(vertx, platform.postgres(), circuit, settings, new AuditMeters(platform.metrics(), service));
    Future<JwtCore> core = JwtCore.start(platform, clock).onSuccess(started -> jwt = started);
    Future<PasswordCheck> bcrypt = PasswordCheck.start(vertx, settings).onSuccess(started -> passwords = started);
    Future<BreakGlassUsers> breakGlass = BreakGlassUsers.load(vertx, settings.breakGlassFile());
    return Future.all(core, bcrypt, breakGlass)
        .compose(ready -> {
          UserDirectory directory = new UserDirectory(platform.postgres(), circuit, breakGlass.result(), settings.users());
          int retryAfter = circuit.map(DatabaseCircuit::retryAfterSeconds).orElse(1);
          routes = new FallbackRoutes(new EmergencySignIn(gate, limiter, directory, passwords, audit, jwt, settings,
              new SignInMeters(platform.metrics(), service().serviceName()), retryAfter), gate, jwt, circuit, settings.trustedProxies());
          return Future.all(gate.start(), audit.start());
        })
        .mapEmpty();
  }

  @Override
  protected Future<Void> release() {
    List<Future<Void>> closing = new ArrayList<>();
    if (gate != null) {
      gate.close();
    }
    if (limiter != null) {
      limiter.close();
    }
    if (audit != null) {
      closing.add(audit.close());
    }
    circuit.ifPresent(DatabaseCircuit::close);
    if (passwords != null) {
      closing.add(passwords.close());
    }
    if (jwt != null) {
      closing.add(jwt.close());
    }
    return Future.join(closing).mapEmpty();
  }

  @Override
  protected void mountApi(ServicePlatform platform, RouterBuilder api) {
    routes.mount(api);
  }
}
