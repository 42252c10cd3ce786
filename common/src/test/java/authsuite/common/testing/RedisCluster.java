package authsuite.common.testing;

import authsuite.common.config.RedisSettings;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real three-master Redis Cluster on free loopback ports ({@code redis-server --cluster-enabled yes}, joined by
 * {@code redis-cli --cluster create}), started once per JVM on first use and shut down when the JVM exits. Tests
 * that must also hold on a cluster take their connection settings from here: {@link #config(String)} for a
 * service, {@link #settings(String)} for a pooled client, {@link #options()} for a raw one.
 */
public final class RedisCluster {
  private static final String HOST = "127.0.0.1";
  private static final int MASTERS = 3;
  private static final long READY_WAIT_MS = 20_000;

  private static RedisCluster shared;

  private final List<Integer> ports;
  private final Path directory;
  private final List<Process> servers = new ArrayList<>();

  private RedisCluster(List<Integer> ports, Path directory) {
    this.ports = ports;
    this.directory = directory;
  }

  /** The JVM's cluster, started on the first call. */
  public static synchronized RedisCluster shared() {
    if (shared == null) {
      RedisCluster cluster = start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "redis-cluster-shutdown"));
      shared = cluster;
    }
    return shared;
  }

  /** Every master's URL. */
  public List<String> urls() {
    return ports.stream().map(port -> "redis://" + HOST + ":" + port).toList();
  }

  /** {@code REDIS_URL} as the suite reads it in cluster mode: the nodes, comma-separated. */
  public String redisUrl() {
    return String.join(",", urls());
  }

  /** Service configuration on this cluster, keys under {@code keyPrefix}. */
  public JsonObject config(String keyPrefix) {
    return TestServices.embeddedConfig()
        .put(SuiteConfig.REDIS_URL, redisUrl())
        .put(SuiteConfig.REDIS_MODE, "cluster")
        .put(SuiteConfig.REDIS_KEY_PREFIX, keyPrefix);
  }

  public RedisSettings settings(String keyPrefix) {
    return new RedisSettings(urls(), RedisSettings.Mode.CLUSTER, null, keyPrefix);
  }

  /** Options for a client of its own (a subscriber, a raw test client). */
  public RedisOptions options() {
    return new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(urls());
  }

  private static RedisCluster start() {
    RedisCluster cluster;
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < MASTERS; i++) {
        ports.add(freePort(ports));
      }
      cluster = new RedisCluster(ports, Files.createTempDirectory("authsuite-redis-cluster-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a Redis Cluster for the test", e);
    }
    try {
      cluster.startServers();
      cluster.join();
      cluster.awaitState();
      return cluster;
    } catch (RuntimeException e) {
      cluster.stop();
      throw e;
    }
  }

  private void startServers() {
    for (int port : ports) {
      Path node = directory.resolve(String.valueOf(port));
      try {
        Files.createDirectories(node);
        servers.add(new ProcessBuilder(RedisProcess.serverExecutable(), "--port", String.valueOf(port),
            "--bind", HOST, "--dir", node.toString(), "--cluster-enabled", "yes",
            "--cluster-config-file", node.resolve("nodes.conf").toString(), "--save", "", "--appendonly", "no",
            "--protected-mode", "no", "--logfile", node.resolve("redis.log").toString())
            .redirectErrorStream(true).redirectOutput(node.resolve("stdout.log").toFile()).start());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a cluster node on port " + port, e);
      }
    }
    for (int port : ports) {
      awaitUntil(() -> LocalServer.answersRedisPing(HOST, port), "cluster node on port " + port + " did not answer");
    }
  }

  private void join() {
    List<String> command = new ArrayList<>(List.of(cli(), "--cluster", "create"));
    ports.forEach(port -> command.add(HOST + ":" + port));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    String output = run(command);
    if (!output.contains("All 16384 slots covered")) {
      throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
    }
  }

  private void awaitState() {
    for (int port : ports) {
      awaitUntil(() -> run(List.of(cli(), "-h", HOST, "-p", String.valueOf(port), "cluster", "info"))
          .contains("cluster_state:ok"), "the cluster did not reach cluster_state:ok on port " + port);
    }
  }

  private void stop() {
    servers.forEach(Process::destroyForcibly);
    for (Process server : servers) {
      try {
        server.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void awaitUntil(BooleanSupplier condition, String failure) {
    Eventually.until(failure, condition, Duration.ofMillis(READY_WAIT_MS));
  }

  private static String cli() {
    String configured = System.getenv("REDIS_CLI");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return new File("/usr/bin/redis-cli").canExecute() ? "/usr/bin/redis-cli" : "redis-cli";
  }

  /** A free port whose cluster bus port (port + 10000) is free too. */
  private static int freePort(List<Integer> taken) throws IOException {
    while (true) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
        port = socket.getLocalPort();
      }
      if (port + 10_000 <= 65_535 && !taken.contains(port) && isFree(port + 10_000)) {
        return port;
      }
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return true;
    } catch (IOException inUse) {
      return false;
    }
  }
}
