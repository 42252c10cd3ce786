package authsuite.common.jwt;

import authsuite.common.jwt.keys.IssuerKeys;
import authsuite.common.jwt.keys.JwksPolicy;
import authsuite.common.jwt.keys.SuiteKeys;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.platform.ServicePlatform;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Everything a service needs to validate and issue tokens, built once per service from its
 * platform: key ring (primary secrets, suite keys, external issuers' JWKS), revocation mirror,
 * validator and minter.
 */
public final class JwtCore {
  public static final String KEY_ROTATED = "key_rotated";
  private static final Logger LOG = LoggerFactory.getLogger(JwtCore.class);
  private static final long SUBSCRIBE_RETRY_MS = 5_000;

  private final JwtSettings settings;
  private final SuiteKeys suiteKeys;
  private final List<IssuerKeys> issuerKeys;
  private final Revocations revocations;
  private final TokenValidator validator;
  private final TokenMinter minter;
  private final InternalTokens internalTokens;
  private final WebClient jwksClient;
  private final io.vertx.core.Vertx vertx;
  private long rotationRetry = -1;
  private boolean closed;

  private JwtCore(ServicePlatform platform, JwtSettings settings, SuiteKeys suiteKeys, List<IssuerKeys> issuerKeys,
                  Revocations revocations, WebClient jwksClient, Clock clock) {
    this.settings = settings;
    this.suiteKeys = suiteKeys;
    this.issuerKeys = issuerKeys;
    this.revocations = revocations;
    this.jwksClient = jwksClient;
    this.vertx = platform.vertx();
    this.validator = new TokenValidator(settings, new PrimarySecrets(settings.jwtSecretKey(), settings.jwtSecretKeyPrevious()),
        suiteKeys, issuerKeys, revocations, new VerifiedTokens(VerifiedTokens.maxBytes(platform.config()), clock), clock, platform.metrics(),
        platform.service().serviceName());
    this.minter = new TokenMinter(platform.vertx(), settings, suiteKeys, clock);
    this.internalTokens = InternalTokens.create(platform.vertx(), platform.config().secrets().serviceSecret());
  }

  public static Future<JwtCore> start(ServicePlatform platform) {
    return start(platform, Clock.systemUTC());
  }

  /** With the clock tokens are minted and checked on (tests advance one instead of waiting for an expiry). */
  public static Future<JwtCore> start(ServicePlatform platform, Clock clock) {
    JwtSettings settings = JwtSettings.from(platform.config());
    WebClient jwksClient = WebClient.create(platform.vertx(), new WebClientOptions()
        .setFollowRedirects(false).setConnectTimeout(3_000).setIdleTimeout(30).setUserAgent("authsuite-jwks"));
    List<IssuerKeys> issuerKeys = new ArrayList<>();
    for (IssuerSettings issuer : settings.issuers()) {
      JwksPolicy defaults = JwksPolicy.defaults();
      JwksPolicy policy = new JwksPolicy(settings.jwksRefresh(), settings.jwksMinRefetch(), defaults.fetchTimeout(), defaults.maxJwksBytes());
      issuerKeys.add(IssuerKeys.jwks(platform.vertx(), jwksClient, issuer, policy));
    }
    Revocations revocations = Revocations.counted(platform.redis()
        .map(redis -> Revocations.redis(platform.vertx(), redis, platform.keyPrefix(), platform.events()))
        .orElseGet(() -> Revocations.inMemory(platform.vertx(), platform.events())), platform.metrics(), platform.service().serviceName());
    return SuiteKeys.load(platform.vertx(), platform.redis().orElse(null), platform.keyPrefix())
        .compose(suiteKeys -> {
          List<Future<Void>> starting = new ArrayList<>();
          issuerKeys.forEach(keys -> starting.add(keys.start()));
          starting.add(revocations.start());
          JwtCore core = new JwtCore(platform, settings, suiteKeys, issuerKeys, revocations, jwksClient, clock);
          return Future.all(starting).compose(started -> core.followKeyRotations(platform)).map(core);
        });
  }

  /**
   * Another instance rotated the shared suite keys: read them again. Without Redis at start the
   * subscription is retried in the background; the service does not wait for it.
   */
  private Future<Void> followKeyRotations(ServicePlatform platform) {
    platform.events().subscribe(event -> {
      if (KEY_ROTATED.equals(event.type())) {
        suiteKeys.reload().onFailure(e -> LOG.warn("cannot reload the suite keys", kv("error", e.getMessage())));
      }
    }).onFailure(failure -> {
      if (!closed) {
        LOG.warn("cannot follow suite key rotations yet; retrying", kv("error", failure.getMessage()));
        rotationRetry = platform.vertx().setTimer(SUBSCRIBE_RETRY_MS, tick -> followKeyRotations(platform));
      }
    });
    return Future.succeededFuture();
  }

  public JwtSettings settings() {
    return settings;
  }

  public TokenValidator validator() {
    return validator;
  }

  public TokenMinter minter() {
    return minter;
  }

  public SuiteKeys suiteKeys() {
    return suiteKeys;
  }

  public Revocations revocations() {
    return revocations;
  }

  public InternalTokens internalTokens() {
    return internalTokens;
  }

  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(rotationRetry);
    List<Future<Void>> closing = new ArrayList<>();
    issuerKeys.forEach(keys -> closing.add(keys.close()));
    suiteKeys.close();
    closing.add(revocations.close());
    return Future.join(closing).eventually(() -> {
      jwksClient.close();
      return Future.succeededFuture();
    }).mapEmpty();
  }
}
