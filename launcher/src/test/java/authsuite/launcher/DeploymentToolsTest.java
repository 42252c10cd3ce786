package authsuite.launcher;

import authsuite.common.testing.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files through the tools that will read them: docker-compose's own validation and
 * kustomize's build. Each is skipped, saying so, where the tool is not installed, and fails on CI ({@code CI=true};
 * {@code .ci/run}
 * installs both from Debian: docker-compose 1.29 and kubectl with its built-in kustomize; {@code docker compose},
 * the Compose v2 plugin, is used instead where it is installed).
 */
@DisplayName("the deployment files pass their own tools' validation")
class DeploymentToolsTest {

  @Test
  @DisplayName("docker-compose config accepts docker-compose.yml, with and without the demo profile")
  void composeConfig() throws Exception {
    List<String> compose = composeCommand();
    String file = DeploymentContract.read("docker-compose.yml");
    String note = "";
    if (compose.equals(List.of("docker-compose")) && run(List.of("docker-compose", "version", "--short"), "").output().strip().startsWith("1.")) {
      // docker-compose 1.x (Debian's) predates depends_on's `required` (Compose v2.20), the one key it does not
      // know: the rest of the file is checked with it without that key, and the key by ComposeDriftTest.
      assertThat(file).contains("required: false");
      file = file.lines().filter(line -> !line.strip().equals("required: false")).collect(Collectors.joining("\n", "", "\n"));
      note = " (docker-compose 1.x, without depends_on's required)";
    }
    for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "demo"))) {
      List<String> command = new ArrayList<>(compose);
      command.addAll(List.of("-f", "-"));
      command.addAll(profile);
      command.addAll(List.of("config", "-q"));
      Outcome outcome = run(command, file);
      assertThat(outcome.code()).as(String.join(" ", command) + note + ": " + outcome.output()).isZero();
    }
  }

  @Test
  @DisplayName("kustomize builds the base and the example overlay, the overlay with two replicas per service in its namespace")
  void kustomizeBuild() throws Exception {
    Outcome base = run(List.of("kubectl", "kustomize", "deploy/k8s/base"));
    assertThat(base.code()).as(base.output()).isZero();
    assertThat(base.output()).contains("kind: Deployment", "kind: PodDisruptionBudget", "kind: Service");
    Outcome overlay = run(List.of("kubectl", "kustomize", "deploy/k8s/overlays/example"));
    assertThat(overlay.code()).as(overlay.output()).isZero();
    assertThat(overlay.output()).contains("namespace: authsuite", "replicas: 2", "registry.example.com/authsuite/jwt-token-adapter:0.1.0",
        "name: edge", "proxy_pass ${JWT_TOKEN_ADAPTER_URL};");
  }

  private record Outcome(int code, String output) {
  }

  /** {@code docker compose} where the Compose v2 plugin is installed, else {@code docker-compose}. */
  private static List<String> composeCommand() throws IOException, InterruptedException {
    if (onPath("docker") && run(List.of("docker", "compose", "version"), "").code() == 0) {
      return List.of("docker", "compose");
    }
    return List.of("docker-compose");
  }

  private static Outcome run(List<String> command) throws IOException, InterruptedException {
    return run(command, null);
  }

  /** Runs the command in the repository root, with {@code input} on its standard input when given. */
  private static Outcome run(List<String> command, String input) throws IOException, InterruptedException {
    requireTool(command.get(0));
    Path output = Files.createTempFile("deployment-tool", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(DeploymentContract.ROOT.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile());
      if (input == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process process = builder.start();
      if (input != null) {
        try (var stdin = process.getOutputStream()) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
      }
      return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * A missing tool skips the test, saying so, on a development machine; on CI ({@code CI=true}, which
   * {@code .ci/run} sets) it fails it, so a CI machine without the validators cannot pass without validating.
   */
  static void requireTool(String tool) {
    if (onPath(tool)) {
      return;
    }
    RequiredTools.missing(tool + " is not installed (.ci/run installs Debian's " + (tool.equals("docker") ? "docker-compose" : tool) + ")");
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    return List.of(path.split(java.io.File.pathSeparator)).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
