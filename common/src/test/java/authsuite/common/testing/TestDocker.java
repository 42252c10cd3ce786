package authsuite.common.testing;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Whether Testcontainers can reach a Docker engine, asked once per JVM. */
final class TestDocker {

  private static Boolean available;

  private TestDocker() {
  }

  static synchronized boolean isAvailable() {
    if (available == null) {
      available = mightBeConfigured() && ask();
    }
    return available;
  }

  /**
   * Testcontainers, finding no engine, probes every strategy and logs an ERROR with a long report. Where none
   * of the places it looks exists, it cannot succeed, so we skip it and stay quiet and fast.
   */
  private static boolean mightBeConfigured() {
    if (System.getProperty("os.name", "").toLowerCase().contains("win")) {
      return true;
    }
    if (Stream.of("DOCKER_HOST", "TESTCONTAINERS_HOST_OVERRIDE", "TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE")
      .anyMatch(name -> System.getenv(name) != null)) {
      return true;
    }
    String home = System.getProperty("user.home", "");
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    return Stream.of(
        Path.of("/var/run/docker.sock"),
        Path.of(home, ".testcontainers.properties"),
        Path.of(home, ".docker", "run", "docker.sock"),
        Path.of(home, ".docker", "desktop", "docker.sock"),
        Path.of(home, ".colima", "default", "docker.sock"),
        Path.of(runtimeDir == null ? "/nonexistent" : runtimeDir, "docker.sock"))
      .anyMatch(Files::exists);
  }

  private static boolean ask() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError noDocker) {
      // Without an engine Testcontainers may throw instead of answering false; either way we fall through.
      return false;
    }
  }
}
