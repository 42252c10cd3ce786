package authsuite.common.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of the test's own on a free local port, for outage tests: {@link #stop()} kills it
 * (SIGKILL, as a crash would) and {@link #restart()} brings it back on the same port; {@link #freeze()} makes it
 * hang (SIGSTOP) until {@link #thaw()}. Writes are kept in an
 * append-only file fsynced on every write, so what was stored before the crash is there after the restart.
 */
public final class RedisProcess implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final long READY_WAIT_MS = 10_000;

  private final String executable;
  private final int port;
  private final Path directory;
  private Process process;

  private RedisProcess(String executable, int port, Path directory) {
    this.executable = executable;
    this.port = port;
    this.directory = directory;
  }

  /** Starts {@code redis-server} (from {@code REDIS_SERVER}, /usr/bin or the PATH) on a free port. */
  public static RedisProcess start() {
    try {
      RedisProcess redis = new RedisProcess(executable(), freePort(), Files.createTempDirectory("authsuite-redis-"));
      redis.restart();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a redis-server for the test", e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server at once, as a crash would, and waits until it is gone. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the server without closing its connections (SIGSTOP): a hung Redis, which answers nothing. */
  public void freeze() {
    signal("-STOP");
  }

  /** Lets a frozen server go on (SIGCONT). */
  public void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    if (process == null) {
      throw new IllegalStateException("redis-server is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().redirectInput(new java.io.File("/dev/null")).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the server (again) on the same port and returns once it answers PING. */
  public void restart() {
    stop();
    List<String> command = List.of(executable, "--port", String.valueOf(port), "--bind", HOST,
        "--dir", directory.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
        "--protected-mode", "no", "--logfile", directory.resolve("redis.log").toString());
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(directory.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + executable, e);
    }
    String failure = "redis-server did not come up on port " + port + "; see " + directory;
    try {
      Eventually.until(failure, () -> {
        if (!process.isAlive()) {
          throw new IllegalStateException(failure + " (it exited)");
        }
        return LocalServer.answersRedisPing(HOST, port);
      }, Duration.ofMillis(READY_WAIT_MS));
    } catch (RuntimeException | AssertionError notUp) {
      stop();
      throw notUp;
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }

  /** The {@code redis-server} binary tests start: {@code REDIS_SERVER}, /usr/bin or the PATH. */
  static String serverExecutable() {
    return executable();
  }

  private static String executable() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return new File("/usr/bin/redis-server").canExecute() ? "/usr/bin/redis-server" : "redis-server";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

}
