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

  /** The image a container starts from: the system property, else the environment variable, else the default. */
  static String image(String property, String variable, String fallback) {
    String fromProperty = System.getProperty(property);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return fromProperty.strip();
    }
    String fromEnv = System.getenv(variable);
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : fallback;
  }

  /**
   * With {@code TESTCONTAINERS_REQUIRED=true} (CI's Testcontainers run) a missing engine fails the test instead of
   * falling back to a local server, so that run cannot pass without having started its containers.
   */
  static void requireUnlessOptional(String what) {
    if ("true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_REQUIRED"))) {
      throw new IllegalStateException("TESTCONTAINERS_REQUIRED=true but no Docker engine answers for a " + what
        + " container (DOCKER_HOST=" + System.getenv("DOCKER_HOST") + ")");
    }
  }

  /**
   * Stops the container when the JVM exits: Testcontainers' reaper (Ryuk) does it otherwise, but it is off where
   * it cannot run (TESTCONTAINERS_RYUK_DISABLED=true, e.g. against podman), and nothing may be left running.
   */
  static void stopAtExit(org.testcontainers.containers.GenericContainer<?> container) {
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-kit-container-stop"));
  }

  /** One line on standard output per container, so a build log shows which path the kit took. */
  static void announce(String what, String image, String url, long startedNanos) {
    System.out.printf("[test-kit] Testcontainers started %s from %s in %d ms at %s%n",
      what, image, (System.nanoTime() - startedNanos) / 1_000_000, url.replaceAll("//[^@/]*@", "//"));
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
