package authsuite.launcher.demo;

import authsuite.common.SuiteService;
import authsuite.common.config.Profile;
import authsuite.common.config.ConfigProblem;
import authsuite.common.config.Setting;
import authsuite.common.config.SuiteConfig;
import authsuite.fallback.FallbackSettingsDeclaration;
import authsuite.common.http.CorsPolicy;
import authsuite.common.jwt.JwtSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a newcomer's machine lacks for the demo: a primary auth service to sign in at and a chat
 * upstream behind the gateway. In the dev profile, running the whole suite, the launcher starts a
 * development stand-in for each of them that is not configured (PRIMARY_AUTH_URL, CHAT_UPSTREAM_URL),
 * gives the fallback provider the demo user when it has no users table, and lets the coordinator's own
 * origin call the other services (CORS_ALLOWED_ORIGINS) when no origins are set. DEMO_STAND_INS=off
 * turns all of it off; the prod profile never starts them and refuses DEMO_STAND_INS other than off.
 */
public final class DemoStandIns {
  public static final String PRIMARY_AUTH = "primary-auth";
  public static final String ECHO_CHAT = "echo-chat";
  /** {@code auto}: in dev, a stand-in for each of the primary auth service and the chat upstream that is not configured. */
  public static final Setting MODE = Setting.text("DEMO_STAND_INS", "auto")
      .must(mode -> mode.equalsIgnoreCase("auto") || mode.equalsIgnoreCase("off"), "auto or off");
  public static final Setting PRIMARY_AUTH_PORT = Setting.number("DEMO_PRIMARY_AUTH_PORT", 8024, 0, 65_535);
  public static final Setting CHAT_PORT = Setting.number("DEMO_CHAT_PORT", 8023, 0, 65_535);
  private static final String LOOPBACK = "127.0.0.1";
  private static final Logger LOG = LoggerFactory.getLogger(DemoStandIns.class);

  /** The configuration the services run with, and one line per stand-in saying where it listens. */
  public record Outcome(SuiteConfig config, List<String> started) {
  }

  private DemoStandIns() {
  }

  public static boolean wanted(SuiteConfig config) {
    return config.profile() == Profile.DEV && !"off".equalsIgnoreCase(MODE.text(config));
  }

  /** Beside the whole suite: the stand-ins its configuration lacks, on loopback, and the settings that point at them. */
  public static Future<Outcome> besideSuite(Vertx vertx, SuiteConfig config) {
    if (!wanted(config)) {
      return Future.succeededFuture(new Outcome(config, List.of()));
    }
    JsonObject values = config.toJson();
    List<String> started = new ArrayList<>();
    int coordinator = config.port(SuiteService.SERVICE_BOUNDARY_COORDINATOR);
    if (config.value(SuiteConfig.CORS_ALLOWED_ORIGINS).isEmpty() && coordinator != 0) {
      values.put(SuiteConfig.CORS_ALLOWED_ORIGINS, "http://127.0.0.1:" + coordinator + ",http://localhost:" + coordinator);
    }
    boolean primaryMissing = config.primaryAuthUrl().isEmpty();
    boolean usersMissing = config.database().isEmpty() && FallbackSettingsDeclaration.BREAK_GLASS_FILE.value(config).isEmpty();
    Future<DemoUser> user = primaryMissing || usersMissing
        ? vertx.executeBlocking(() -> DemoUser.hashed(bcryptCost(config)), false) : Future.succeededFuture();
    return user
        .compose(demo -> usersMissing ? writeBreakGlassFile(vertx, demo).map(path -> {
          values.put(FallbackSettingsDeclaration.BREAK_GLASS_FILE.name(), path);
          started.add("emergency sign-in: user " + demo.username() + " (break-glass file " + path + ")");
          return demo;
        }) : Future.succeededFuture(demo))
        .compose(demo -> primaryMissing ? startPrimaryAuth(vertx, config, demo, LOOPBACK,
            Optional.ofNullable(values.getString(SuiteConfig.CORS_ALLOWED_ORIGINS)), config.chatUpstreamUrl().isEmpty()).map(url -> {
          values.put(SuiteConfig.PRIMARY_AUTH_URL, url);
          started.add("primary auth stand-in: " + url + " (user " + demo.username() + ")");
          return demo;
        }) : Future.succeededFuture(demo))
        .compose(demo -> config.chatUpstreamUrl().isPresent() ? Future.succeededFuture() : startEchoChat(vertx, config, LOOPBACK).map(url -> {
          values.put(SuiteConfig.CHAT_UPSTREAM_URL, url);
          started.add("echo chat stand-in: " + url);
          return null;
        }))
        .map(done -> new Outcome(SuiteConfig.from(values), List.copyOf(started)));
  }

  /** The stand-ins alone ({@code java -jar authsuite.jar demo-stand-ins [primary-auth] [echo-chat]}), on BIND_HOST. */
  public static Future<List<String>> alone(Vertx vertx, SuiteConfig config, List<String> which) {
    if (config.profile() != Profile.DEV) {
      return Future.failedFuture(new IllegalStateException("development stand-ins are refused in the prod profile"));
    }
    List<String> chosen = which.isEmpty() ? List.of(PRIMARY_AUTH, ECHO_CHAT) : which;
    for (String name : chosen) {
      if (!name.equals(PRIMARY_AUTH) && !name.equals(ECHO_CHAT)) {
        return Future.failedFuture(new IllegalArgumentException("unknown stand-in '" + name + "' (known: " + PRIMARY_AUTH + ", " + ECHO_CHAT + ")"));
      }
    }
    List<String> started = new ArrayList<>();
    Future<?> chain = Future.succeededFuture();
    if (chosen.contains(PRIMARY_AUTH)) {
      chain = chain.compose(x -> vertx.executeBlocking(() -> DemoUser.hashed(bcryptCost(config)), false))
          .compose(demo -> startPrimaryAuth(vertx, config, demo, config.bindHost(), config.value(SuiteConfig.CORS_ALLOWED_ORIGINS),
              chosen.contains(ECHO_CHAT)))
          .map(url -> started.add("primary auth stand-in: " + url));
    }
    if (chosen.contains(ECHO_CHAT)) {
      chain = chain.compose(x -> startEchoChat(vertx, config, config.bindHost())).map(url -> started.add("echo chat stand-in: " + url));
    }
    return chain.map(x -> List.copyOf(started));
  }

  private static Future<String> startPrimaryAuth(Vertx vertx, SuiteConfig config, DemoUser demo, String host, Optional<String> corsOrigins,
      boolean echoChatToo) {
    List<String> standIns = echoChatToo ? List.of(PRIMARY_AUTH, ECHO_CHAT) : List.of(PRIMARY_AUTH);
    PrimaryAuthStandIn standIn = new PrimaryAuthStandIn(vertx, config.secrets().jwtSecretKey(), config.value(JwtSettings.JWT_PRIMARY_ISSUER),
        demo, CorsPolicy.fromSetting(corsOrigins), standIns);
    return onPort(config, PRIMARY_AUTH_PORT, port -> standIn.listen(host, port))
        .map(server -> "http://" + LOOPBACK + ":" + server.actualPort());
  }

  private static Future<String> startEchoChat(Vertx vertx, SuiteConfig config, String host) {
    return onPort(config, CHAT_PORT, port -> EchoChatStandIn.listen(vertx, host, port))
        .map(HttpServer::actualPort)
        .map(actual -> "ws://" + LOOPBACK + ":" + actual + EchoChatStandIn.PATH);
  }

  /** Deleted when the JVM exits: it only ever holds the demo user's hash. */
  private static Future<String> writeBreakGlassFile(Vertx vertx, DemoUser demo) {
    return vertx.fileSystem().createTempFile("authsuite-demo-users", ".json").compose(path -> {
      new File(path).deleteOnExit();
      return vertx.fileSystem().writeFile(path, Buffer.buffer(demo.breakGlassFile().encodePrettily())).map(path);
    }).onFailure(failure -> LOG.warn("cannot write the demo break-glass file: {}", failure.getMessage()));
  }

  /**
   * The port set by its variable, else the default one; a default that is taken (a second suite on this
   * machine, a test run) gives way to a free port, which the services are told and the start-up line shows.
   */
  private static Future<HttpServer> onPort(SuiteConfig config, Setting port, Function<Integer, Future<HttpServer>> listen) {
    boolean explicit = config.value(port.name()).isPresent();
    return listen.apply(port.number(config)).recover(failure -> explicit
        ? Future.failedFuture(new IllegalStateException(port.name() + "=" + port.number(config) + ": " + failure.getMessage(), failure))
        : listen.apply(0));
  }

  /** The fallback provider's cost, so an emergency sign-in of the demo user costs what a real one would. */
  private static int bcryptCost(SuiteConfig config) {
    return FallbackSettingsDeclaration.BCRYPT_COST.number(config);
  }

  /** Development stand-ins answer sign-ins for anyone who knows the demo password: never in prod, not even when asked. */
  public static void refuseInProd(JsonObject values, List<ConfigProblem> problems) {
    boolean prod = "prod".equalsIgnoreCase(String.valueOf(values.getValue(SuiteConfig.SUITE_PROFILE)).trim());
    Object asked = values.getValue(MODE.name());
    if (prod && asked != null && "auto".equalsIgnoreCase(asked.toString().trim())) {
      problems.add(new ConfigProblem(MODE.name(),
          "development stand-ins (a primary auth service that signs in a demo user, an echo chat) are refused in the prod profile; "
              + "set PRIMARY_AUTH_URL and CHAT_UPSTREAM_URL to the real services"));
    }
  }
}
