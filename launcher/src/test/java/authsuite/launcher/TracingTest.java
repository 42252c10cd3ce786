package authsuite.launcher;

import authsuite.common.SuiteService;
import authsuite.common.config.ConfigLoader;
import authsuite.launcher.demo.DemoStandIns;
import authsuite.common.telemetry.SuiteTracing;
import authsuite.common.testing.TestRedis;
import authsuite.common.testing.TestServices;
import authsuite.common.testing.TestTokens;
import authsuite.launcher.OtlpReceiver.ReceivedSpan;
import authsuite.launcher.SuiteRunner.RunningService;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite in one JVM, as the launcher runs it, exporting to an OTLP/HTTP receiver: a caller's
 * {@code traceparent} is the trace of everything its request causes, a probe round is one trace across the services,
 * each service under its own service.name, and no span carries a credential.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Tracing: OpenTelemetry spans of all five services in one JVM")
class TracingTest {
  private static final long PATIENCE_MS = 15_000;

  private final String prefix = TestRedis.uniqueKeyPrefix();
  private final List<String> secretsSent = new java.util.concurrent.CopyOnWriteArrayList<>();
  private OtlpReceiver receiver;
  private Vertx suiteVertx;
  private Map<SuiteService, Integer> ports;
  private WebClient http;
  private Vertx vertx;

  @BeforeAll
  void startTracedSuite(Vertx vertx) {
    this.vertx = vertx;
    http = WebClient.create(vertx);
    receiver = OtlpReceiver.start(vertx);
    Map<String, String> env = environment(receiver);
    env.put("OTEL_SERVICE_NAME", "one-name-for-five"); // ignored: with five services each keeps its own
    suiteVertx = Launcher.suiteVertx(env, List.of());
    ports = SuiteRunner.start(suiteVertx, env, List.of()).await().stream()
        .collect(Collectors.toMap(RunningService::service, RunningService::port));
  }

  @AfterAll
  void stop() {
    if (suiteVertx != null) {
      suiteVertx.close().await();
    }
    if (receiver != null) {
      receiver.close();
    }
    TestRedis.deleteKeys(vertx, TestRedis.url(), prefix).otherwiseEmpty().await();
  }

  @Test
  @DisplayName("a session validation sent with a traceparent: the normalizer's server span and its Redis span are in the caller's trace")
  void sessionValidationJoinsTheCallersTrace() {
    String sessionId = createSession("u-trace-1");
    String traceId = randomHex(16);
    HttpResponse<Buffer> validated = http.post(ports.get(SuiteService.SESSION_VALIDATION_NORMALIZER), "127.0.0.1", "/api/v1/session/validate")
        .putHeader("traceparent", traceparent(traceId)).putHeader("X-Session-ID", sessionId).send().await();
    assertThat(validated.statusCode()).as(validated.bodyAsString()).isEqualTo(200);
    assertThat(validated.bodyAsJsonObject().getBoolean("valid")).isTrue();

    List<ReceivedSpan> trace = awaitTrace(traceId, spans -> spans.stream().anyMatch(TracingTest::isRedis)
        && spans.stream().anyMatch(span -> span.kind() == SpanKind.SPAN_KIND_SERVER));

    ReceivedSpan server = trace.stream().filter(span -> span.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    assertThat(server.service()).isEqualTo(SuiteService.SESSION_VALIDATION_NORMALIZER.serviceName());
    assertThat(server.attributes()).containsEntry("authsuite.session.outcome", "valid").containsKey("authsuite.session.source");
    ReceivedSpan redis = trace.stream().filter(TracingTest::isRedis).findFirst().orElseThrow();
    assertThat(redis.service()).isEqualTo(SuiteService.SESSION_VALIDATION_NORMALIZER.serviceName());
    assertThat(redis.parentSpanId()).as("the Redis call is a child of the request's span").isEqualTo(server.spanId());
  }

  @Test
  @DisplayName("a JWT validation sent with a traceparent is a server span of the adapter in that trace, saying what was decided")
  void tokenValidationJoinsTheCallersTrace() {
    String token = accessToken("u-trace-2");
    String traceId = randomHex(16);
    HttpResponse<Buffer> validated = http.post(ports.get(SuiteService.JWT_TOKEN_ADAPTER), "127.0.0.1", "/api/v1/jwt/validate")
        .putHeader("traceparent", traceparent(traceId)).sendJsonObject(new JsonObject().put("token", token)).await();
    assertThat(validated.bodyAsJsonObject().getBoolean("valid")).as(validated.bodyAsString()).isTrue();

    List<ReceivedSpan> trace = awaitTrace(traceId, spans -> spans.stream().anyMatch(span -> span.kind() == SpanKind.SPAN_KIND_SERVER));
    ReceivedSpan server = trace.stream().filter(span -> span.kind() == SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    assertThat(server.service()).isEqualTo(SuiteService.JWT_TOKEN_ADAPTER.serviceName());
    assertThat(server.attributes()).containsEntry("authsuite.token.outcome", "valid");
  }

  @Test
  @DisplayName("a probe round of the coordinator is one trace: a span per target, and the targets' own spans under their own names")
  void probeRoundIsOneTrace() {
    JsonObject round = SuiteProbes.until(vertx, this::latestCompleteRound, found -> !found.isEmpty(), PATIENCE_MS);
    List<ReceivedSpan> trace = receiver.trace(round.getString("trace_id"));

    ReceivedSpan root = trace.stream().filter(span -> span.name().equals("probe round")).findFirst().orElseThrow();
    assertThat(root.parentSpanId()).as("the round starts its own trace").isNull();
    assertThat(root.service()).isEqualTo(SuiteService.SERVICE_BOUNDARY_COORDINATOR.serviceName());
    Set<String> probed = trace.stream().filter(span -> span.name().startsWith("probe ") && !span.equals(root))
        .peek(probe -> assertThat(probe.parentSpanId()).isEqualTo(root.spanId()))
        .peek(probe -> assertThat(probe.attributes()).containsKeys("authsuite.circuit.state", "authsuite.probe.status"))
        .map(ReceivedSpan::name).collect(Collectors.toSet());
    for (SuiteService service : SuiteService.values()) {
      assertThat(probed).contains("probe " + service.healthKey());
    }
    assertThat(probed).contains("probe redis");
    Set<String> names = trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
    assertThat(names).as("service.name values in one round's trace").hasSizeGreaterThanOrEqualTo(3)
        .doesNotContain("one-name-for-five");
  }

  @Test
  @DisplayName("no span attribute carries a token or session id that was sent")
  void noCredentialInAnySpan() {
    sessionValidationJoinsTheCallersTrace();
    tokenValidationJoinsTheCallersTrace();
    // a WebSocket-style credential in a query string: the URL attributes keep the path, not the query
    String token = accessToken("u-trace-3");
    secretsSent.add(token);
    String traceId = randomHex(16);
    http.get(ports.get(SuiteService.JWT_TOKEN_ADAPTER), "127.0.0.1", "/api/v1/jwt/verify?access_token=" + token)
        .putHeader("traceparent", traceparent(traceId)).send().await();
    awaitTrace(traceId, spans -> !spans.isEmpty());

    assertThat(secretsSent).hasSizeGreaterThanOrEqualTo(3);
    for (ReceivedSpan span : receiver.spans()) {
      for (String value : span.attributes().values()) {
        for (String secret : secretsSent) {
          assertThat(value).as("attribute of %s", span.toJson().encode()).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  @DisplayName("OTEL_SERVICE_NAME names the service when a process runs only one")
  void serviceNameOfAProcessOfOneService() {
    Map<String, String> env = environment(receiver);
    env.put("OTEL_SERVICE_NAME", "edge-token-checks");
    Vertx alone = Launcher.suiteVertx(env, List.of("jwt-token-adapter"));
    try {
      int port = SuiteRunner.start(alone, env, List.of("jwt-token-adapter")).await().get(0).port();
      String traceId = randomHex(16);
      http.post(port, "127.0.0.1", "/api/v1/jwt/validate").putHeader("traceparent", traceparent(traceId))
          .sendJsonObject(new JsonObject().put("token", "not-a-token")).await();
      List<ReceivedSpan> trace = awaitTrace(traceId, spans -> !spans.isEmpty());
      assertThat(trace).extracting(ReceivedSpan::service).containsOnly("edge-token-checks");
      assertThat(trace.get(0).attributes()).containsEntry("authsuite.token.outcome", "invalid")
          .containsEntry("authsuite.token.reason", "malformed");
    } finally {
      alone.close().await();
    }
  }

  @Test
  @DisplayName("closing the Vert.x instance (the SIGTERM path) exports what the batch processor still holds")
  void closeFlushes() {
    Map<String, String> env = environment(receiver);
    env.put("OTEL_BSP_SCHEDULE_DELAY", "600000"); // nothing leaves on its own within the test
    Vertx alone = Launcher.suiteVertx(env, List.of("jwt-token-adapter"));
    String traceId = randomHex(16);
    try {
      int port = SuiteRunner.start(alone, env, List.of("jwt-token-adapter")).await().get(0).port();
      http.get(port, "127.0.0.1", "/health").putHeader("traceparent", traceparent(traceId)).send().await();
      assertThat(receiver.trace(traceId)).isEmpty();
    } finally {
      alone.close().await();
    }
    assertThat(receiver.trace(traceId)).extracting(ReceivedSpan::service).containsOnly(SuiteService.JWT_TOKEN_ADAPTER.serviceName());
  }

  @Test
  @DisplayName("without an OTLP endpoint nothing is built: no SDK, no tracer on the Vert.x instance")
  void offWithoutEndpoint() {
    Map<String, String> env = environment(receiver);
    env.remove("OTEL_EXPORTER_OTLP_ENDPOINT");
    assertThat(SuiteTracing.fromEnvironment(env, List.of("jwt-token-adapter"))).isEmpty();
    Vertx untraced = Launcher.suiteVertx(env, List.of());
    try {
      assertThat(((VertxInternal) untraced).tracer()).isNull();
    } finally {
      untraced.close().await();
    }
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    env.put("OTEL_SDK_DISABLED", "true");
    assertThat(SuiteTracing.fromEnvironment(env, List.of("jwt-token-adapter"))).isEmpty();
  }

  @Test
  @DisplayName("the standard OTEL_* variables are not taken for misspelt settings of the suite")
  void otelVariablesAreNotMisnamedSettings() {
    Map<String, String> env = environment(receiver);
    List.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_TRACES_SAMPLER",
        "OTEL_TRACES_SAMPLER_ARG", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_PROPAGATORS")
        .forEach(name -> env.put(name, "x"));
    assertThat(ConfigLoader.load(vertx, env).await().misnamed()).isEmpty();
  }

  /** The last probe round whose spans from at least three services arrived, as {@code {"trace_id"}}, or empty. */
  private JsonObject latestCompleteRound() {
    List<ReceivedSpan> roots = receiver.spans().stream().filter(span -> span.name().equals("probe round")).toList();
    for (int i = roots.size() - 1; i >= 0; i--) {
      List<ReceivedSpan> trace = receiver.trace(roots.get(i).traceId());
      long services = trace.stream().map(ReceivedSpan::service).distinct().count();
      long probes = trace.stream().filter(span -> span.name().startsWith("probe ")).count();
      if (services >= SuiteService.values().length && probes > SuiteService.values().length) {
        return new JsonObject().put("trace_id", roots.get(i).traceId());
      }
    }
    return new JsonObject();
  }

  private List<ReceivedSpan> awaitTrace(String traceId, Predicate<List<ReceivedSpan>> complete) {
    SuiteProbes.until(vertx, () -> receiver.traceJson(traceId), found -> complete.test(receiver.trace(traceId)), PATIENCE_MS);
    List<ReceivedSpan> trace = receiver.trace(traceId);
    assertThat(trace).allMatch(span -> span.traceId().equals(traceId));
    return trace;
  }

  private static boolean isRedis(ReceivedSpan span) {
    return span.kind() == SpanKind.SPAN_KIND_CLIENT && "redis".equals(span.attributes().get("db.system"));
  }

  private String createSession(String userId) {
    HttpResponse<Buffer> created = http.post(ports.get(SuiteService.SESSION_VALIDATION_NORMALIZER), "127.0.0.1", "/api/v1/session/create")
        .putHeader("Authorization", "Bearer " + TestTokens.internal(vertx))
        .sendJsonObject(new JsonObject().put("user_id", userId).put("roles", new JsonArray().add("chat-user"))).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String sessionId = created.bodyAsJsonObject().getString("session_id");
    secretsSent.add(sessionId);
    return sessionId;
  }

  private String accessToken(String user) {
    long now = Instant.now().getEpochSecond();
    String token = TestTokens.primary(TestTokens.primaryClaims(user).put("iat", now - 5).put("exp", now + 300)
        .put("jti", "j-" + UUID.randomUUID()));
    secretsSent.add(token);
    return token;
  }

  private Map<String, String> environment(OtlpReceiver otlp) {
    Map<String, String> env = new HashMap<>();
    TestServices.redisConfig(prefix).forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    env.put("COORDINATOR_PROBE_INTERVAL_MS", "300");
    env.put(DemoStandIns.MODE.name(), "off");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
    env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
    return env;
  }

  static String traceparent(String traceId) {
    return "00-" + traceId + "-" + randomHex(8) + "-01";
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
