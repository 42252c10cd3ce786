package authsuite.launcher.edge;

import authsuite.common.testing.Eventually;
import authsuite.common.testing.RequiredTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx running deploy/edge's configuration, rendered by deploy/edge/render.sh, in a directory of its own
 * (pid and temp files there, logs on the test's output) so that it needs nothing under /etc.
 */
public final class EdgeNginx implements AutoCloseable {
  static final Path EDGE_DIR = Path.of("..", "deploy", "edge").toAbsolutePath().normalize();
  private static final long START_PATIENCE_MS = 10_000;

  private final Process process;
  private final int port;

  private final Path accessLog;

  private EdgeNginx(Process process, int port, Path accessLog) {
    this.process = process;
    this.port = port;
    this.accessLog = accessLog;
  }

  /** Renders the configuration from {@code upstreams} (the template's names) and starts nginx on a free port. */
  public static EdgeNginx start(Path dir, Map<String, String> upstreams) throws Exception {
    String nginx = binary();
    Files.createDirectories(dir);
    int port = freePort();
    ProcessBuilder render = new ProcessBuilder("bash", EDGE_DIR.resolve("render.sh").toString())
        .redirectOutput(dir.resolve("nginx.conf").toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    render.environment().putAll(upstreams);
    render.environment().put("EDGE_PORT", "127.0.0.1:" + port);
    render.environment().put("EDGE_RUNTIME_DIR", dir.toString());
    if (render.start().waitFor() != 0) {
      throw new IllegalStateException("render.sh failed");
    }
    Process process = new ProcessBuilder(nginx, "-e", "stderr", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
        "-g", "daemon off;").redirectOutput(dir.resolve("access.log").toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    EdgeNginx edge = new EdgeNginx(process, port, dir.resolve("access.log"));
    edge.awaitListening();
    return edge;
  }

  public int port() {
    return port;
  }

  /** The access log so far, one line per request (nginx writes it to its standard output). */
  public List<String> accessLog() {
    try {
      return Files.readAllLines(accessLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() {
    Eventually.until("nginx listens on " + port, () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with " + process.exitValue() + " (its errors are above)");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        return false;
      }
    }, Duration.ofMillis(START_PATIENCE_MS));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** nginx from PATH or /usr/sbin; missing, the test fails on CI and is skipped, saying why, elsewhere. */
  public static String binary() {
    Optional<Path> found = Stream.concat(
            Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator)),
            Stream.of("/usr/sbin", "/usr/local/sbin"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, "nginx"))
        .filter(Files::isExecutable)
        .findFirst();
    if (found.isPresent()) {
      return found.get().toString();
    }
    RequiredTools.missing("nginx is not installed: the edge tests run a real nginx (.ci/run installs Debian's nginx)");
    return null;
  }

  /** A port nothing listens on (now): a free one, closed again. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
