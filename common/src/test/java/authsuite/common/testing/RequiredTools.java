package authsuite.common.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does about a tool or package it needs and cannot find: tests never install anything (.ci/run prepares
 * the machine); on a development machine the test is skipped, saying why, and on CI ({@code CI=true}) it fails.
 */
public final class RequiredTools {
  private RequiredTools() {
  }

  /** The executable {@code name} on PATH or in one of {@code moreDirs}, if there is one. */
  public static Optional<Path> find(String name, String... moreDirs) {
    return Stream.concat(Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)),
            Stream.of(moreDirs))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Skips the test saying {@code why}, or fails it on CI. */
  public static void missing(String why) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(why + ": CI=true, so this is a failure, not a skip");
    }
    Assumptions.abort(why);
  }
}
