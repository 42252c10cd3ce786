package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigException;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.Redacted;
import authsuite.common.config.Secrets;
import authsuite.common.http.ServiceMetrics;
import authsuite.common.jwt.InternalTokens;
import authsuite.common.platform.SuiteServiceVerticle;
import authsuite.common.telemetry.SuiteTracing;
import authsuite.launcher.demo.DemoStandIns;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import sun.misc.Signal;

/**
 * {@code java -jar authsuite.jar [service...] | check-config [--deep] | internal-token [--subject S] [--ttl SECONDS]}.
 * With no argument, runs all five services in one JVM.
 */
public final class Launcher {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private static final String USAGE = """
      usage: java -jar authsuite.jar [SERVICE ...]       run all five services, or the ones named
             java -jar authsuite.jar check-config        validate the configuration and reach its dependencies; exit 0 or 1
             java -jar authsuite.jar check-config --deep a deployment's preflight: also load every issuer's keys, and list
                                                         every wrong secret, unreachable dependency and unloadable issuer at once
             java -jar authsuite.jar internal-token [--subject NAME] [--ttl SECONDS]
                                                         print an internal token signed with SERVICE_SECRET (at most 300 s)
             java -jar authsuite.jar demo-stand-ins [primary-auth] [echo-chat]
                                                         only the development stand-ins (dev profile; refused in prod)
      services: jwt-token-adapter session-validation-normalizer fallback-session-provider websocket-auth-gateway service-boundary-coordinator
      configuration: environment > suite.yaml (SUITE_CONFIG) > defaults; see README.md""";

  private Launcher() {
  }

  public static void main(String[] args) {
    List<String> arguments = Arrays.asList(args);
    String command = arguments.isEmpty() ? "run" : arguments.get(0);
    switch (command) {
      case "help", "--help", "-h" -> {
        System.out.println(USAGE);
        System.exit(EXIT_OK);
      }
      case "check-config" -> runToExit(vertx -> arguments.contains("--deep")
          ? ConfigCheck.runDeep(vertx, ConfigLoader.processEnvironment(), System.out, System.err)
          : ConfigCheck.run(vertx, ConfigLoader.processEnvironment(), System.out, System.err));
      case "internal-token" -> runToExit(vertx -> printInternalToken(vertx, arguments.subList(1, arguments.size())));
      case "demo-stand-ins" -> startStandIns(arguments.subList(1, arguments.size()));
      default -> startSuite(arguments);
    }
  }

  private static void startSuite(List<String> serviceNames) {
    Map<String, String> environment = ConfigLoader.processEnvironment();
    Vertx vertx;
    try {
      vertx = suiteVertx(environment, serviceNames);
    } catch (RuntimeException badTracingSettings) { // e.g. OTEL_EXPORTER_OTLP_PROTOCOL=grpc: no sender for it here
      System.exit(report(badTracingSettings, System.err));
      return;
    }
    List<SuiteServiceVerticle> deployed = new CopyOnWriteArrayList<>();
    // vertx.close() also flushes and shuts down the tracing SDKs (SuiteTracer.close), after the drain
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drainThenClose(vertx, deployed), "authsuite-shutdown"));
    exitZeroOnSigterm();
    SuiteRunner.start(vertx, environment, serviceNames, deployed::add)
        .onFailure(failure -> {
          System.err.println("authsuite: " + failure.getMessage());
          vertx.close().onComplete(closed -> System.exit(failure instanceof UsageException ? EXIT_USAGE : EXIT_FAILED));
        });
  }

  /**
   * The shutdown hook: the services drain (docs/robustness.md, "A draining instance ...") before the Vert.x instance
   * closes them, so that no request they accepted is cut and no WebSocket is dropped without a close frame.
   */
  private static void drainThenClose(Vertx vertx, List<SuiteServiceVerticle> deployed) {
    try {
      SuiteRunner.drain(deployed).toCompletionStage().toCompletableFuture().join();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  /**
   * SIGTERM is how an orchestrator (Kubernetes, compose, systemd) asks for a stop: a drained stop is a success, so the
   * process exits 0 (through the shutdown hook) rather than with the JVM's 143 for a signal.
   */
  private static void exitZeroOnSigterm() {
    Signal.handle(new Signal("TERM"), signal -> System.exit(EXIT_OK));
  }

  /** Runs until stopped: the development stand-ins alone, on BIND_HOST (compose's demo profile runs the echo chat this way). */
  private static void startStandIns(List<String> which) {
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().toCompletionStage().toCompletableFuture().join()));
    ConfigLoader.load(vertx, ConfigLoader.processEnvironment())
        .compose(loaded -> DemoStandIns.alone(vertx, loaded.config(), which))
        .onSuccess(started -> started.forEach(line -> System.out.println("authsuite: DEVELOPMENT STAND-IN " + line)))
        .onFailure(failure -> {
          int code = report(failure, System.err);
          vertx.close().onComplete(closed -> System.exit(code));
        });
  }

  private static Future<Integer> printInternalToken(Vertx vertx, List<String> options) {
    String subject = option(options, "--subject", "operator");
    long ttlSeconds = Long.parseLong(option(options, "--ttl", "300"));
    return ConfigLoader.load(vertx, ConfigLoader.processEnvironment()).map(loaded -> {
      if (loaded.generatedSecrets().contains(Secrets.SERVICE_SECRET)) {
        System.err.println("authsuite: SERVICE_SECRET is not set: a token signed with a throwaway secret would be refused by every service."
            + " Set SERVICE_SECRET (or SERVICE_SECRET_FILE) to the value the services run with.");
        return EXIT_FAILED;
      }
      String token = InternalTokens.create(vertx, loaded.config().secrets().serviceSecret())
          .mint(subject, Duration.ofSeconds(ttlSeconds));
      System.out.println(token);
      return EXIT_OK;
    });
  }

  private static String option(List<String> options, String name, String fallback) {
    int at = options.indexOf(name);
    return at >= 0 && at + 1 < options.size() ? options.get(at + 1) : fallback;
  }

  /** Runs a one-shot command, then exits with its code; configuration problems are listed, not thrown. */
  private static void runToExit(java.util.function.Function<Vertx, Future<Integer>> command) {
    Vertx vertx = Vertx.vertx();
    Future<Integer> outcome;
    try {
      outcome = command.apply(vertx);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.recover(failure -> Future.succeededFuture(report(failure, System.err)))
        .onComplete(code -> vertx.close().onComplete(closed -> System.exit(code.result())));
  }

  static int report(Throwable failure, PrintStream err) {
    if (failure instanceof ConfigException invalid) {
      err.println("authsuite: the configuration has " + invalid.problems().size() + " problem(s):");
      invalid.problems().forEach(problem -> err.println("  - " + Redacted.text(problem.toString())));
      return EXIT_FAILED;
    }
    err.println("authsuite: " + Redacted.text(failure.getMessage()));
    return EXIT_FAILED;
  }

  static Vertx metricsEnabledVertx() {
    return suiteVertx(Map.of(), List.of());
  }

  /**
   * The Vert.x instance the services run on: with metrics, and with tracing when {@code environment} names an OTLP
   * endpoint (one SDK per service it will run; see docs/tracing.md). Without one it has no tracer at all.
   */
  static Vertx suiteVertx(Map<String, String> environment, List<String> serviceNames) {
    VertxBuilder builder = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(ServiceMetrics.vertxOptions()))
        .withMetrics(new MicrometerMetricsFactory(ServiceMetrics.newRegistry()));
    return SuiteTracing.install(builder, environment, tracedServices(serviceNames)).build();
  }

  /** The names of the services the arguments select; an unknown one is reported by SuiteRunner.start, not here. */
  private static List<String> tracedServices(List<String> serviceNames) {
    try {
      return SuiteRunner.select(serviceNames).stream().map(SuiteService::serviceName).toList();
    } catch (UsageException reportedLater) {
      return List.of();
    }
  }
}
