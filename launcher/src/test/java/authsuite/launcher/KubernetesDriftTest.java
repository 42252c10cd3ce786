package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.Secrets;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static authsuite.launcher.DeploymentContract.list;
import static authsuite.launcher.DeploymentContract.map;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("the Kubernetes manifests agree with the code")
class KubernetesDriftTest {
  private static final String BASE = "deploy/k8s/base/";
  /** The secrets the manifests expect to exist, by name; docs/deploy.md and generate.sh tell how to create them. */
  private static final Set<String> SECRET_NAMES = Set.of("authsuite-keys", "authsuite-dependencies");

  private final List<Map<String, Object>> objects = baseObjects();

  @Test
  @DisplayName("every file of the base is in its kustomization, and each service has a Deployment (the fallback provider a StatefulSet), a Service and a PodDisruptionBudget")
  void objectsPerService() throws IOException {
    List<Object> resources = list(map(DeploymentContract.yaml(BASE + "kustomization.yaml")).get("resources"));
    try (Stream<Path> files = Files.list(DeploymentContract.ROOT.resolve(BASE))) {
      assertThat(files.map(file -> file.getFileName().toString()).filter(name -> !name.equals("kustomization.yaml")))
          .containsExactlyInAnyOrderElementsOf(resources.stream().map(String::valueOf).toList());
    }
    for (SuiteService service : SuiteService.values()) {
      String name = service.serviceName();
      Map<String, Object> labels = map(map(map(map(workload(service).get("spec")).get("template")).get("metadata")).get("labels"));
      assertThat(map(map(object("Service", name).get("spec")).get("selector"))).isEqualTo(labels);
      assertThat(map(map(map(object("PodDisruptionBudget", name).get("spec")).get("selector")).get("matchLabels"))).isEqualTo(labels);
    }
  }

  @Test
  @DisplayName("each container listens on its service's port, the Service forwards it, and the probes use the contract's live and ready paths")
  void portsAndProbes(Vertx vertx) {
    for (SuiteService service : SuiteService.values()) {
      Map<String, Object> container = container(service);
      String port = String.valueOf(service.defaultPort());
      assertThat(list(container.get("ports"))).containsExactly(Map.of("name", "http", "containerPort", service.defaultPort()));
      assertThat(literalEnvironment(container)).containsEntry(service.portVariable(), port);
      assertThat(map(map(container.get("livenessProbe")).get("httpGet")))
          .containsEntry("path", DeploymentContract.pathOf(vertx, service, "getLiveness")).containsEntry("port", "http");
      assertThat(map(map(container.get("readinessProbe")).get("httpGet")))
          .containsEntry("path", DeploymentContract.pathOf(vertx, service, "getReadiness")).containsEntry("port", "http");
      assertThat(list(map(object("Service", service.serviceName()).get("spec")).get("ports")))
          .containsExactly(Map.of("name", "http", "port", service.defaultPort(), "targetPort", "http"));
      Map<String, Object> resources = map(container.get("resources"));
      assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
      assertThat(map(resources.get("limits"))).containsKey("memory");
      assertThat(String.valueOf(container.get("image"))).startsWith("authsuite/" + service.serviceName() + ":");
    }
  }

  @Test
  @DisplayName("hardened pods: RuntimeDefault seccomp, a startup probe on the ready path, a preStop pause, and a grace period that covers it, SHUTDOWN_DELAY_S and SHUTDOWN_TIMEOUT_S")
  void hardeningAndDrain(Vertx vertx) {
    Map<String, Object> shared = map(object("ConfigMap", "authsuite-config").get("data"));
    int delay = Integer.parseInt(String.valueOf(shared.get(SuiteConfig.SHUTDOWN_DELAY_S)));
    int timeout = Integer.parseInt(String.valueOf(shared.get(SuiteConfig.SHUTDOWN_TIMEOUT_S)));
    for (SuiteService service : SuiteService.values()) {
      Map<String, Object> pod = podSpec(service);
      Map<String, Object> container = container(service);
      assertThat(map(map(pod.get("securityContext")).get("seccompProfile"))).as(service.serviceName()).containsEntry("type", "RuntimeDefault");
      assertThat(map(map(container.get("startupProbe")).get("httpGet")))
          .containsEntry("path", DeploymentContract.pathOf(vertx, service, "getReadiness")).containsEntry("port", "http");
      int preStop = (Integer) map(map(map(container.get("lifecycle")).get("preStop")).get("sleep")).get("seconds");
      assertThat((Integer) pod.get("terminationGracePeriodSeconds")).as(service.serviceName() + ": grace covers preStop, delay and timeout")
          .isGreaterThan(preStop + delay + timeout);
      assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
    }
    // the audit spill outlives restarts: FALLBACK_AUDIT_FILE lies under a mount backed by the StatefulSet's claim
    String auditFile = String.valueOf(shared.get("FALLBACK_AUDIT_FILE"));
    List<String> claims = list(map(workload(SuiteService.FALLBACK_SESSION_PROVIDER).get("spec")).get("volumeClaimTemplates")).stream()
        .map(claim -> String.valueOf(map(map(claim).get("metadata")).get("name"))).toList();
    assertThat(list(container(SuiteService.FALLBACK_SESSION_PROVIDER).get("volumeMounts")).stream().map(DeploymentContract::map)
        .filter(mount -> claims.contains(String.valueOf(mount.get("name"))))
        .anyMatch(mount -> auditFile.startsWith(mount.get("mountPath") + "/"))).as("%s on a claim of %s", auditFile, claims).isTrue();
  }

  @Test
  @DisplayName("the NetworkPolicy covers the five services and admits only the edge, the suite's own pods and an ingress controller")
  void networkPolicy() {
    Map<String, Object> spec = map(object("NetworkPolicy", "authsuite-services").get("spec"));
    List<String> five = Stream.of(SuiteService.values()).map(SuiteService::serviceName).toList();
    assertThat(selectedNames(map(spec.get("podSelector")))).containsExactlyInAnyOrderElementsOf(five);
    assertThat(list(spec.get("policyTypes"))).containsExactly("Ingress");
    List<Object> rules = list(spec.get("ingress"));
    assertThat(rules).hasSize(1);
    List<Map<String, Object>> from = list(map(rules.get(0)).get("from")).stream().map(DeploymentContract::map).toList();
    List<String> admitted = from.stream().filter(peer -> peer.containsKey("podSelector"))
        .flatMap(peer -> selectedNames(map(peer.get("podSelector"))).stream()).toList();
    List<String> expected = new ArrayList<>(five);
    expected.add("edge");
    assertThat(admitted).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(from).allMatch(peer -> peer.containsKey("podSelector") || peer.containsKey("namespaceSelector"))
        .noneMatch(peer -> peer.containsKey("ipBlock"));
  }

  private static List<String> selectedNames(Map<String, Object> selector) {
    return list(selector.get("matchExpressions")).stream().map(DeploymentContract::map)
        .filter(e -> "app.kubernetes.io/name".equals(e.get("key")) && "In".equals(e.get("operator")))
        .flatMap(e -> list(e.get("values")).stream().map(String::valueOf)).toList();
  }

  @Test
  @DisplayName("secrets are referenced by the documented names: keys as mounted files (*_FILE), Redis and PostgreSQL URLs by secretKeyRef")
  void secretsByName() {
    String deployPage = DeploymentContract.read(DeploymentContract.DEPLOY_PAGE);
    SECRET_NAMES.forEach(name -> assertThat(deployPage).as(DeploymentContract.DEPLOY_PAGE + " names secret " + name).contains(name));
    for (SuiteService service : SuiteService.values()) {
      Map<String, Object> container = container(service);
      Map<String, String> mountedSecrets = new LinkedHashMap<>();
      for (Object volume : list(map(podSpec(service)).get("volumes"))) {
        Map<String, Object> secret = map(map(volume).get("secret"));
        if (!secret.isEmpty()) {
          assertThat(SECRET_NAMES).contains(String.valueOf(secret.get("secretName")));
          mountedSecrets.put(String.valueOf(map(volume).get("name")), String.valueOf(secret.get("secretName")));
        }
      }
      List<String> mountPaths = list(container.get("volumeMounts")).stream()
          .filter(mount -> mountedSecrets.containsKey(String.valueOf(map(mount).get("name"))))
          .map(mount -> String.valueOf(map(mount).get("mountPath"))).toList();
      Map<String, String> literal = literalEnvironment(container);
      for (String required : Secrets.REQUIRED) {
        String file = literal.get(required + "_FILE");
        assertThat(file).as(service.serviceName() + " " + required + "_FILE").isNotNull();
        assertThat(mountPaths).as(required + "_FILE=" + file + " lies in a mounted secret").anyMatch(path -> file.startsWith(path + "/"));
        assertThat(file.substring(file.lastIndexOf('/') + 1)).isEqualTo(required.toLowerCase().replace('_', '-'));
      }
      for (String dependency : List.of(SuiteConfig.REDIS_URL, SuiteConfig.DATABASE_URL)) {
        Map<String, Object> ref = map(map(env(container, dependency).get("valueFrom")).get("secretKeyRef"));
        assertThat(ref).as(service.serviceName() + " " + dependency)
            .containsEntry("name", "authsuite-dependencies").containsEntry("key", dependency.toLowerCase().replace('_', '-'));
      }
    }
  }

  @Test
  @DisplayName("every variable and ConfigMap key is a configuration name the suite knows, and each pod's environment passes start-up validation")
  void environmentNamesAndValues(Vertx vertx, @TempDir Path scratch) {
    Set<String> known = DeploymentContract.knownNames();
    Map<String, Object> shared = map(object("ConfigMap", "authsuite-config").get("data"));
    assertThat(known).as("ConfigMap keys the code does not know").containsAll(shared.keySet());
    for (SuiteService service : SuiteService.values()) {
      Map<String, Object> container = container(service);
      assertThat(list(container.get("envFrom"))).containsExactly(Map.of("configMapRef", Map.of("name", "authsuite-config")));
      Map<String, String> environment = new LinkedHashMap<>();
      shared.forEach((name, value) -> environment.put(name, String.valueOf(value)));
      for (Object raw : list(container.get("env"))) {
        Map<String, Object> variable = map(raw);
        String name = String.valueOf(variable.get("name"));
        assertThat(known).as(service.serviceName() + ": unknown variable").contains(name);
        environment.put(name, resolve(variable, shared));
      }
      assertThat(environment).containsEntry(SuiteConfig.SUITE_PROFILE, "prod");
      assertThat(DeploymentContract.validationProblems(vertx, environment, scratch)).as(service.serviceName()).isEmpty();
    }
  }

  @Test
  @DisplayName("the coordinator reaches every service by its Service's DNS name and port through <SERVICE>_URL")
  void coordinatorUrls() {
    Map<String, String> literal = literalEnvironment(container(SuiteService.SERVICE_BOUNDARY_COORDINATOR));
    for (SuiteService service : SuiteService.values()) {
      assertThat(literal).containsEntry(service.urlVariable(), "http://" + service.serviceName() + ":" + service.defaultPort());
      object("Service", service.serviceName());
    }
  }

  @Test
  @DisplayName("the example overlay scales and re-tags exactly the base's services")
  void overlay() {
    Map<String, Object> overlay = map(DeploymentContract.yaml("deploy/k8s/overlays/example/kustomization.yaml"));
    assertThat(list(overlay.get("resources"))).contains("../../base");
    List<String> names = java.util.Arrays.stream(SuiteService.values()).map(SuiteService::serviceName).toList();
    assertThat(list(overlay.get("replicas")).stream().map(r -> String.valueOf(map(r).get("name")))).containsExactlyInAnyOrderElementsOf(names);
    assertThat(list(overlay.get("images")).stream().map(i -> String.valueOf(map(i).get("name"))))
        .containsExactlyInAnyOrderElementsOf(names.stream().map(name -> "authsuite/" + name).toList());
  }

  @Test
  @DisplayName("the edge's kustomization runs deploy/edge's template itself (a generated ConfigMap) in nginx on 8080, aimed at each Service, and the overlay includes it")
  void edge() {
    Map<String, Object> kustomization = map(DeploymentContract.yaml("deploy/edge/kustomization.yaml"));
    Map<String, Object> generator = map(list(kustomization.get("configMapGenerator")).get(0));
    assertThat(generator).containsEntry("name", "authsuite-edge");
    assertThat(list(generator.get("files"))).containsExactly("nginx.conf.template");
    List<Map<String, Object>> edgeObjects = new ArrayList<>();
    for (Object resource : list(kustomization.get("resources"))) {
      DeploymentContract.yamlDocuments("deploy/edge/" + resource).forEach(o -> edgeObjects.add(map(o)));
    }
    Map<String, Object> deployment = edgeObjects.stream().filter(o -> "Deployment".equals(o.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> container = map(list(map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers")).get(0));
    assertThat(String.valueOf(container.get("image"))).startsWith("nginx:");
    assertThat(list(container.get("ports"))).containsExactly(Map.of("name", "http", "containerPort", 8080));
    Map<String, String> literal = literalEnvironment(container);
    assertThat(literal).containsEntry("EDGE_PORT", "8080").containsEntry("NGINX_ENVSUBST_OUTPUT_DIR", "/etc/nginx");
    for (SuiteService service : SuiteService.values()) {
      assertThat(literal).containsEntry(service.urlVariable(), "http://" + service.serviceName() + ":" + service.defaultPort());
    }
    Map<String, Object> edgeService = edgeObjects.stream().filter(o -> "Service".equals(o.get("kind"))).findFirst().orElseThrow();
    assertThat(list(map(edgeService.get("spec")).get("ports"))).containsExactly(Map.of("name", "http", "port", 8080, "targetPort", "http"));
    assertThat(list(map(DeploymentContract.yaml("deploy/k8s/overlays/example/kustomization.yaml")).get("resources")))
        .contains("../../../edge");
  }

  /** The value a variable would have in the pod: literal, from the ConfigMap, or a stand-in for a pod field or secret. */
  private static String resolve(Map<String, Object> variable, Map<String, Object> shared) {
    if (variable.containsKey("value")) {
      return String.valueOf(variable.get("value"));
    }
    Map<String, Object> from = map(variable.get("valueFrom"));
    if (from.containsKey("configMapKeyRef")) {
      String key = String.valueOf(map(from.get("configMapKeyRef")).get("key"));
      assertThat(shared).as("ConfigMap key " + key).containsKey(key);
      return String.valueOf(shared.get(key));
    }
    if (from.containsKey("fieldRef")) {
      return "10.0.0.10";
    }
    String name = String.valueOf(variable.get("name"));
    return name.equals(SuiteConfig.REDIS_URL) ? "redis://:password@redis:6379" : "postgresql://authsuite:password@postgres:5432/authsuite";
  }

  private static Map<String, String> literalEnvironment(Map<String, Object> container) {
    Map<String, String> literal = new LinkedHashMap<>();
    list(container.get("env")).forEach(raw -> {
      if (map(raw).containsKey("value")) {
        literal.put(String.valueOf(map(raw).get("name")), String.valueOf(map(raw).get("value")));
      }
    });
    return literal;
  }

  private static Map<String, Object> env(Map<String, Object> container, String name) {
    return list(container.get("env")).stream().map(DeploymentContract::map).filter(v -> name.equals(v.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + container.get("name")));
  }

  private Map<String, Object> podSpec(SuiteService service) {
    return map(map(map(workload(service).get("spec")).get("template")).get("spec"));
  }

  /** The fallback provider runs as a StatefulSet, for the PersistentVolumeClaim its audit spill needs; the others as Deployments. */
  private Map<String, Object> workload(SuiteService service) {
    return object(service == SuiteService.FALLBACK_SESSION_PROVIDER ? "StatefulSet" : "Deployment", service.serviceName());
  }

  private Map<String, Object> container(SuiteService service) {
    List<Object> containers = list(podSpec(service).get("containers"));
    assertThat(containers).hasSize(1);
    return map(containers.get(0));
  }

  private Map<String, Object> object(String kind, String name) {
    return objects.stream()
        .filter(o -> kind.equals(o.get("kind")) && name.equals(map(o.get("metadata")).get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + BASE));
  }

  private static List<Map<String, Object>> baseObjects() {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object resource : list(map(DeploymentContract.yaml(BASE + "kustomization.yaml")).get("resources"))) {
      DeploymentContract.yamlDocuments(BASE + resource).forEach(document -> all.add(map(document)));
    }
    return all;
  }
}
