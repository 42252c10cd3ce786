package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.Secrets;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launcher as an operator runs it, in a JVM of its own with the test's class path, every service on a free port,
 * the test secrets and whatever {@code environment} adds (Redis, PostgreSQL, timings). Its output goes to a log file.
 */
final class LauncherProcess implements AutoCloseable {
  private final Process process;
  private final Map<SuiteService, Integer> ports;
  private final Path log;

  private LauncherProcess(Process process, Map<SuiteService, Integer> ports, Path log) {
    this.process = process;
    this.ports = ports;
    this.log = log;
  }

  static LauncherProcess start(Path log, Map<String, String> environment) {
    Map<SuiteService, Integer> ports = new EnumMap<>(SuiteService.class);
    for (SuiteService service : SuiteService.values()) {
      ports.put(service, freePort());
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=logback.xml", Launcher.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("JWT_") || name.startsWith("FALLBACK_") || name.startsWith("REDIS_")
        || name.startsWith("DATABASE_") || name.startsWith("SUITE_") || name.startsWith("COORDINATOR_"));
    ports.forEach((service, port) -> env.put(service.portVariable(), String.valueOf(port)));
    env.put(Secrets.JWT_SECRET_KEY, TestTokens.JWT_SECRET_KEY);
    env.put(Secrets.SERVICE_SECRET, TestTokens.SERVICE_SECRET);
    env.put(Secrets.EMERGENCY_SIGNING_KEY, TestTokens.EMERGENCY_SIGNING_KEY);
    env.put(SuiteConfig.BIND_HOST, "127.0.0.1");
    env.put(SuiteConfig.ADVERTISED_HOST, "127.0.0.1");
    env.putAll(environment);
    try {
      return new LauncherProcess(builder.start(), ports, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a launcher process", e);
    }
  }

  int port(SuiteService service) {
    return ports.get(service);
  }

  Map<SuiteService, Integer> ports() {
    return ports;
  }

  String url(SuiteService service) {
    return "http://127.0.0.1:" + port(service);
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as a crash or an OOM killer would: no deregistration, no draining, sockets reset by the kernel. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, as an orchestrator stops a container: the launcher drains, then exits. */
  void terminate() {
    process.destroy();
  }

  /** The exit code once the process has ended within {@code seconds}; -1 if it is still running. */
  int awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
