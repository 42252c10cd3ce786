package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.common.config.LoadedConfig;
import authsuite.common.config.Secrets;
import authsuite.common.config.SuiteConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static authsuite.launcher.DeploymentContract.list;
import static authsuite.launcher.DeploymentContract.map;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("docker-compose.yml and the Dockerfile agree with the code")
class ComposeDriftTest {
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?}");
  private static final Pattern URL_HOST = Pattern.compile("(?:wss?|https?)://([^:/}\\s$\"']+)");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");
  private static final String GATEWAY = SuiteService.WEBSOCKET_AUTH_GATEWAY.serviceName();
  private static final String ECHO_CHAT = "echo-chat";

  private final Map<String, Object> compose = map(DeploymentContract.yaml("docker-compose.yml"));
  private final Map<String, Object> services = map(compose.get("services"));

  @Test
  @DisplayName("the five services, Redis, PostgreSQL, the edge and the demo's echo chat, each service built as its own image with its name and port")
  void servicesAndImages() {
    List<String> expected = new ArrayList<>(List.of("redis", "postgres", "edge", ECHO_CHAT));
    for (SuiteService service : SuiteService.values()) {
      expected.add(service.serviceName());
      Map<String, Object> entry = service(service);
      Map<String, Object> args = map(map(entry.get("build")).get("args"));
      assertThat(args).as(service.serviceName() + " build args")
          .containsEntry("SERVICE", service.serviceName()).containsEntry("PORT", String.valueOf(service.defaultPort()));
      assertThat(String.valueOf(entry.get("image"))).startsWith("authsuite/" + service.serviceName() + ":");
      assertThat(SuiteRunner.select(List.of(String.valueOf(args.get("SERVICE"))))).containsExactly(service);
    }
    assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  @DisplayName("each service listens, publishes and is health-checked on its own port, on the readiness path its contract serves")
  void portsAndHealthChecks(Vertx vertx) {
    for (SuiteService service : SuiteService.values()) {
      Map<String, Object> entry = service(service);
      int port = service.defaultPort();
      assertThat(environment(entry)).as(service.serviceName()).containsEntry(service.portVariable(), String.valueOf(port));
      assertThat(list(entry.get("ports"))).as(service.serviceName() + " ports").containsExactly(port + ":" + port);
      String readiness = DeploymentContract.pathOf(vertx, service, "getReadiness");
      assertThat(list(map(entry.get("healthcheck")).get("test"))).as(service.serviceName() + " healthcheck")
          .contains("http://127.0.0.1:" + port + readiness);
    }
  }

  @Test
  @DisplayName("every variable a service is given is a configuration name the suite knows, and the whole set passes start-up validation")
  void environmentNamesAndValues(Vertx vertx, @TempDir Path scratch) {
    Set<String> known = DeploymentContract.knownNames();
    for (SuiteService service : SuiteService.values()) {
      Map<String, String> environment = environment(service(service));
      assertThat(known).as(service.serviceName() + ": names the code does not know").containsAll(map(service(service).get("environment")).keySet());
      assertThat(environment).as(service.serviceName())
          .containsEntry(SuiteConfig.SUITE_PROFILE, "prod")
          .containsEntry(SuiteConfig.ADVERTISED_HOST, service.serviceName());
      assertThat(DeploymentContract.validationProblems(vertx, environment, scratch)).as(service.serviceName()).isEmpty();
    }
  }

  @Test
  @DisplayName("secrets come as files: each *_FILE is a compose secret mounted in that service and defined from deploy/secrets")
  void secretsThroughFiles() {
    Map<String, Object> defined = map(compose.get("secrets"));
    for (SuiteService service : SuiteService.values()) {
      Map<String, Object> entry = service(service);
      Map<String, String> environment = environment(entry);
      for (String required : Secrets.REQUIRED) {
        assertThat(environment).as(service.serviceName()).containsKey(required + "_FILE").doesNotContainKey(required);
      }
      List<Object> mounted = list(entry.get("secrets"));
      environment.forEach((name, value) -> {
        if (name.endsWith("_FILE") && Secrets.FILE_CAPABLE.contains(name.substring(0, name.length() - "_FILE".length()))) {
          assertThat(value).as(name).startsWith("/run/secrets/");
          String secret = value.substring("/run/secrets/".length());
          assertThat(mounted).as(service.serviceName() + " mounts " + secret).contains(secret);
          assertThat(String.valueOf(map(defined.get(secret)).get("file"))).isEqualTo("./deploy/secrets/" + secret);
          assertThat(DeploymentContract.read("deploy/secrets/generate.sh")).as("generate.sh writes " + secret).contains("write " + secret + " ");
        }
      });
    }
  }

  @Test
  @DisplayName("generate.sh writes every secret compose defines, and the services' secrets from it pass start-up validation")
  void generatedSecrets(Vertx vertx, @TempDir Path copy) throws Exception {
    Path script = Files.copy(DeploymentContract.ROOT.resolve("deploy/secrets/generate.sh"), copy.resolve("generate.sh"));
    assertThat(run(List.of("/bin/sh", script.toString()))).contains("generated deploy/secrets/jwt_secret_key");
    for (String secret : map(compose.get("secrets")).keySet()) {
      assertThat(copy.resolve(secret)).as(secret).isNotEmptyFile();
    }
    Map<String, String> environment = new LinkedHashMap<>(environment(service(SuiteService.JWT_TOKEN_ADAPTER)));
    environment.replaceAll((name, value) -> value.startsWith("/run/secrets/") ? copy.resolve(value.substring("/run/secrets/".length())).toString() : value);
    LoadedConfig loaded = ConfigLoader.load(vertx, environment).await();
    assertThat(loaded.config().redis().orElseThrow().urls()).containsExactly(Files.readString(copy.resolve("redis_url")));
    assertThat(run(List.of("/bin/sh", script.toString()))).as("a second run keeps what is there").contains("kept      deploy/secrets/jwt_secret_key");
  }

  @Test
  @DisplayName("the edge is nginx on 8080 running deploy/edge's template, pointed at each service by its compose name and port")
  void edge() {
    Map<String, Object> edge = map(services.get("edge"));
    // the public nginx image unless EDGE_IMAGE names another (deploy/containers' Debian-package one)
    assertThat(String.valueOf(edge.get("image"))).startsWith("${EDGE_IMAGE:-nginx:");
    assertThat(list(edge.get("ports"))).containsExactly("8080:8080");
    assertThat(list(edge.get("volumes"))).contains("./deploy/edge/nginx.conf.template:/etc/nginx/templates/nginx.conf.template:ro");
    Map<String, String> environment = environment(edge);
    assertThat(environment).containsEntry("NGINX_ENVSUBST_OUTPUT_DIR", "/etc/nginx").containsEntry("EDGE_PORT", "8080")
        .containsKey("EDGE_RUNTIME_DIR").containsKey("APP_UPSTREAM_URL");
    for (SuiteService service : SuiteService.values()) {
      assertThat(environment).containsEntry(service.urlVariable(), "http://" + service.serviceName() + ":" + service.defaultPort());
      assertThat(map(edge.get("depends_on"))).containsKey(service.serviceName());
    }
  }

  @Test
  @DisplayName("each service waits for Redis, PostgreSQL and the service before it in start order to be healthy, never for one after it")
  void startOrder() {
    SuiteService[] order = SuiteService.values();
    for (int i = 0; i < order.length; i++) {
      // an optional dependency (required: false, the demo's echo chat) is no step of the start order: see echoChatUnderDemoProfile
      Map<String, Object> dependsOn = new LinkedHashMap<>(map(service(order[i]).get("depends_on")));
      dependsOn.values().removeIf(condition -> Boolean.FALSE.equals(map(condition).get("required")));
      Set<String> expected = new HashSet<>(Set.of("redis", "postgres"));
      if (i > 0) {
        expected.add(order[i - 1].serviceName());
      }
      assertThat(dependsOn.keySet()).as(order[i].serviceName()).containsExactlyInAnyOrderElementsOf(expected);
      dependsOn.values().forEach(condition -> assertThat(map(condition)).containsEntry("condition", "service_healthy"));
    }
    assertThat(map(map(services.get("postgres")).get("environment"))).containsEntry("POSTGRES_PASSWORD_FILE", "/run/secrets/postgres_password");
    assertThat(list(map(services.get("postgres")).get("volumes"))).contains("./deploy/postgres/init:/docker-entrypoint-initdb.d:ro");
  }

  @Test
  @DisplayName("every container logs to json-file with rotation (max-size and max-file), so a long-running stack does not fill the disk")
  void rotatedLogs() {
    services.forEach((name, entry) -> {
      Map<String, Object> logging = map(map(entry).get("logging"));
      assertThat(logging).as(name + " logging").containsEntry("driver", "json-file");
      Map<String, Object> options = map(logging.get("options"));
      assertThat(String.valueOf(options.get("max-size"))).as(name + " max-size").matches("[1-9][0-9]*[kmg]");
      assertThat(String.valueOf(options.get("max-file"))).as(name + " max-file").matches("[1-9][0-9]*");
    });
  }

  @Test
  @DisplayName("every container is on one network declared with a fixed name, so another stack can join it by that name")
  void namedNetwork() {
    Map<String, Object> networks = map(compose.get("networks"));
    assertThat(networks).as("top-level networks").hasSize(1);
    String network = networks.keySet().iterator().next();
    String name = String.valueOf(map(networks.get(network)).get("name"));
    assertThat(name).as("the network's explicit name (else compose prefixes it with the project's)").isEqualTo(network);
    assertThat(DeploymentContract.read("docker-compose.yml")).as("the header says how to join it").contains("networks: {" + network + ": {external: true}}");
    services.forEach((service, entry) -> {
      Object joined = map(entry).get("networks");
      assertThat(joined instanceof Map<?, ?> byName ? byName.keySet() : list(joined)).as(service + " networks").containsExactly(network);
    });
  }

  @Test
  @DisplayName("every URL a container is given, defaults included, names a service compose defines, or is a loopback placeholder its comment calls one")
  void urlsNameDefinedHosts() {
    List<String> lines = DeploymentContract.read("docker-compose.yml").lines().toList();
    services.forEach((service, entry) -> map(map(entry).get("environment")).forEach((name, raw) -> {
      Matcher url = URL_HOST.matcher(String.valueOf(raw));
      while (url.find()) {
        String host = url.group(1);
        if (LOOPBACK.contains(host)) {
          assertThat(commentAbove(lines, name + ": " + raw)).as(service + " " + name + "=" + raw + ": a loopback address is no other container;"
              + " its comment must say it is a placeholder").containsIgnoringCase("placeholder");
        } else {
          assertThat(services).as(service + " " + name + "=" + raw + " names host " + host).containsKey(host);
        }
      }
    }));
  }

  @Test
  @DisplayName("without CHAT_UPSTREAM_URL the gateway relays to echo-chat, which runs from the gateway's image only under the demo profile, and a plain up does not need it")
  void echoChatUnderDemoProfile() {
    Map<String, Object> echo = map(services.get(ECHO_CHAT));
    Map<String, Object> gateway = service(SuiteService.WEBSOCKET_AUTH_GATEWAY);
    assertThat(list(echo.get("profiles"))).containsExactly("demo");
    assertThat(echo.get("image")).isEqualTo(gateway.get("image"));
    assertThat(echo.get("build")).as("built like the gateway, so --profile demo up --build works").isEqualTo(gateway.get("build"));
    assertThat(list(echo.get("command"))).containsExactly("demo-stand-ins", ECHO_CHAT);
    assertThat(echo).as("not published: only the gateway reaches it").doesNotContainKey("ports");
    Map<String, String> environment = environment(echo);
    assertThat(environment).containsEntry(SuiteConfig.BIND_HOST, "0.0.0.0").containsEntry(SuiteConfig.SUITE_PROFILE, "dev");
    String port = environment.get("DEMO_CHAT_PORT");
    assertThat(port).isEqualTo("8023");
    assertThat(list(map(echo.get("healthcheck")).get("test"))).contains("http://127.0.0.1:" + port + "/health");

    assertThat(String.valueOf(map(gateway.get("environment")).get(SuiteConfig.CHAT_UPSTREAM_URL)))
        .as("the real chat is set through CHAT_UPSTREAM_URL").startsWith("${" + SuiteConfig.CHAT_UPSTREAM_URL + ":-");
    assertThat(environment(gateway)).containsEntry(SuiteConfig.CHAT_UPSTREAM_URL, "ws://" + ECHO_CHAT + ":" + port + "/ws");
    assertThat(map(map(gateway.get("depends_on")).get(ECHO_CHAT))).containsEntry("condition", "service_started").containsEntry("required", false);

    services.forEach((service, entry) -> {
      if (!service.equals(ECHO_CHAT)) {
        assertThat(map(entry)).as(service + " starts with a plain up").doesNotContainKey("profiles");
      }
      map(map(entry).get("depends_on")).forEach((dependency, condition) -> {
        if (map(services.get(dependency)).containsKey("profiles")) {
          assertThat(map(condition)).as(service + " on " + dependency + ", which only a profile starts").containsEntry("required", false);
        }
      });
    });
  }

  @Test
  @DisplayName("the Dockerfile runs the launcher's shaded jar as a non-root user, exposes the port and checks a health path the contracts serve")
  void dockerfile(Vertx vertx) {
    String dockerfile = DeploymentContract.read("Dockerfile");
    assertThat(dockerfile)
        .contains("launcher/target/authsuite.jar", "-pl launcher -am package", "EXPOSE ${PORT}", "USER 10001",
            "set -- \\\"$AUTHSUITE_SERVICE\\\"", "-jar /app/authsuite.jar \\\"$@\\\"",
            "http://127.0.0.1:${AUTHSUITE_PORT}" + DeploymentContract.pathOf(vertx, SuiteService.JWT_TOKEN_ADAPTER, "getReadiness"));
    assertThat(DeploymentContract.read("launcher/pom.xml")).contains("<finalName>authsuite</finalName>");
    assertThat(DeploymentContract.read(".dockerignore")).contains("deploy/secrets/", "**/target/");
  }

  @Test
  @DisplayName("the image's entrypoint runs its own service with no arguments, and the command given instead (check-config --deep)")
  void entrypoint() throws Exception {
    String line = DeploymentContract.read("Dockerfile").lines().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    List<String> command = new ArrayList<>(new io.vertx.core.json.JsonArray(line.substring("ENTRYPOINT ".length())).stream().map(String::valueOf).toList());
    command.set(2, command.get(2).replace("exec java", "exec echo java"));
    assertThat(run(command)).isEqualTo("java -XX:MaxRAMPercentage=75 -jar /app/authsuite.jar websocket-auth-gateway");
    command.addAll(List.of("check-config", "--deep"));
    assertThat(run(command)).isEqualTo("java -XX:MaxRAMPercentage=75 -jar /app/authsuite.jar check-config --deep");
  }

  private static String run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AUTHSUITE_SERVICE", "websocket-auth-gateway");
    builder.environment().put("JAVA_OPTS", "-XX:MaxRAMPercentage=75");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  /** The comment lines right above the line that starts (after indentation) with {@code line}, joined. */
  private static String commentAbove(List<String> lines, String line) {
    int at = 0;
    while (at < lines.size() && !lines.get(at).strip().equals(line)) {
      at++;
    }
    assertThat(at).as("docker-compose.yml has the line " + line).isLessThan(lines.size());
    StringBuilder comment = new StringBuilder();
    for (int i = at - 1; i >= 0 && lines.get(i).strip().startsWith("#"); i--) {
      comment.insert(0, lines.get(i).strip() + " ");
    }
    return comment.toString();
  }

  private Map<String, Object> service(SuiteService service) {
    assertThat(services).as("docker-compose services").containsKey(service.serviceName());
    return map(services.get(service.serviceName()));
  }

  /** The environment as compose hands it over: {@code ${NAME:-default}} resolved to its default, empty values dropped. */
  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> environment = new LinkedHashMap<>();
    map(service.get("environment")).forEach((name, raw) -> {
      Matcher interpolation = INTERPOLATION.matcher(String.valueOf(raw));
      String value = interpolation.replaceAll(match -> Matcher.quoteReplacement(match.group(2) == null ? "" : match.group(2)));
      if (!value.isEmpty()) {
        environment.put(name, value);
      }
    });
    return environment;
  }
}
