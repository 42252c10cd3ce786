package authsuite.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files through the tools that will read them: docker-compose's own validation and
 * kustomize's build. Each is skipped, saying so, where the tool is not installed ({@code .ci/run}
 * installs both from Debian: docker-compose 1.29 and kubectl with its built-in kustomize).
 */
@DisplayName("the deployment files pass their own tools' validation")
class DeploymentToolsTest {

  @Test
  @DisplayName("docker-compose config accepts docker-compose.yml")
  void composeConfig() throws Exception {
    Outcome outcome = run(List.of("docker-compose", "-f", "docker-compose.yml", "config", "-q"));
    assertThat(outcome.code()).as(outcome.output()).isZero();
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

  private static Outcome run(List<String> command) throws IOException, InterruptedException {
    Assumptions.assumeTrue(onPath(command.get(0)), command.get(0) + " is not installed: skipped (apt-get install -y "
        + (command.get(0).equals("kubectl") ? "kubectl" : "docker-compose") + ")");
    Path output = Files.createTempFile("deployment-tool", ".out");
    try {
      Process process = new ProcessBuilder(command).directory(DeploymentContract.ROOT.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
      }
      return new Outcome(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    return List.of(path.split(java.io.File.pathSeparator)).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
