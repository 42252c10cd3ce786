package authsuite.common.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node scripts that drive Debian's headless Chromium through playwright-core, from a folder
 * holding their package.json. {@link #prepare} installs nothing: when Node.js, Chromium or the folder's
 * packages ({@code npm ci} there) are missing it skips the test, saying which, or fails it on CI;
 * .ci/run installs all three.
 */
public final class BrowserScripts {
  public static final String CHROMIUM = "/usr/bin/chromium";

  private final Path dir;

  private BrowserScripts(Path dir) {
    this.dir = dir;
  }

  public static BrowserScripts prepare(Path dir) throws IOException, InterruptedException {
    if (run(List.of("node", "--version"), Path.of("."), 10) != 0) {
      RequiredTools.missing("Node.js is not installed: browser tests need node (.ci/run installs Debian's nodejs)");
    }
    if (!new File(CHROMIUM).canExecute()) {
      RequiredTools.missing("Chromium is not installed at " + CHROMIUM + ": browser tests drive it (.ci/run installs Debian's chromium)");
    }
    if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
      RequiredTools.missing("playwright-core is not installed in " + dir.toAbsolutePath()
          + ": run npm ci there (.ci/run does)");
    }
    return new BrowserScripts(dir);
  }

  /** Runs {@code node <script> <args...>} with its output in the test log; the exit code, or -2 on timeout. */
  public int run(List<String> scriptAndArgs, long timeoutSeconds) throws IOException, InterruptedException {
    return run(node(scriptAndArgs), dir, timeoutSeconds);
  }

  /** The same, with the output kept in {@code log} (a test artifact) and then echoed to the test log. */
  public int runLogged(List<String> scriptAndArgs, Path log, long timeoutSeconds) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(node(scriptAndArgs)).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toAbsolutePath().toFile()).start();
    boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    System.out.println(Files.readString(log));
    return finished ? process.exitValue() : -2;
  }

  private static List<String> node(List<String> scriptAndArgs) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of("node"), scriptAndArgs.stream()).toList();
  }

  private static int run(List<String> command, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().redirectInput(new java.io.File("/dev/null")).start();
    } catch (IOException notInstalled) {
      return -1;
    }
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -2;
    }
    return process.exitValue();
  }
}
