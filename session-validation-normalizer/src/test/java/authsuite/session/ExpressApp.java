package authsuite.session;

import authsuite.common.testing.RequiredTools;
import io.vertx.core.json.JsonArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Express app of src/test/express (express-session on connect-redis, pinned in its package-lock.json), run
 * with node: it signs people in the way a platform does, and its browser cookie is what the normalizer must read.
 * Installs nothing: when node or the app's packages ({@code npm ci} there) are missing it skips the test, saying which,
 * or fails it on CI; .ci/run installs both.
 */
final class ExpressApp implements AutoCloseable {
  static final Path DIR = Path.of("src/test/express").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int port;

  private ExpressApp(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the app on a free port, its sessions under {@code prefix} on {@code redisUrl}; the first secret signs. */
  static ExpressApp start(String redisUrl, String prefix, List<String> secrets) throws IOException, InterruptedException {
    prepare();
    ProcessBuilder builder = new ProcessBuilder("node", "app.js").directory(DIR.toFile()).redirectErrorStream(true);
    builder.environment().put("REDIS_URL", redisUrl);
    builder.environment().put("SESSION_PREFIX", prefix);
    builder.environment().put("SESSION_SECRETS", new JsonArray(secrets).encode());
    Process process = builder.start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = output.readLine();
    if (line == null || !line.startsWith("listening ")) {
      process.destroyForcibly();
      throw new AssertionError("the Express app did not start: " + line);
    }
    Thread drain = new Thread(() -> output.lines().forEach(System.out::println), "express-app-output");
    drain.setDaemon(true);
    drain.start();
    return new ExpressApp(process, Integer.parseInt(line.substring("listening ".length()).trim()));
  }

  private static synchronized void prepare() throws IOException, InterruptedException {
    if (run(List.of("node", "--version"), 10) != 0) {
      RequiredTools.missing("Node.js is not installed: the Express test needs node (.ci/run installs Debian's nodejs)");
    }
    if (!Files.isDirectory(DIR.resolve("node_modules/connect-redis"))) {
      RequiredTools.missing("the Express app's packages are not installed in " + DIR + ": run npm ci there (.ci/run does)");
    }
  }

  /** Signs the user in ({@code body}: id, email, username, roles, optional max_age_ms); answers the connect.sid value. */
  String signIn(String body) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("connect.sid=");
    return setCookie.substring("connect.sid=".length(), setCookie.indexOf(';'));
  }

  void signOut(String cookie) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logout"))
        .header("Cookie", "connect.sid=" + cookie).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).contains("signed_out");
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private static int run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(DIR.toFile()).inheritIO().start();
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
