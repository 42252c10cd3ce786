package authsuite.common.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import authsuite.common.telemetry.LogFormat;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the production logback.xml into a context of its own and encodes events with its JSON
 * appender's encoder: what these assertions see is byte for byte what the services print.
 */
@DisplayName("Log lines are JSON and never carry tokens, passwords or secrets")
class LogRedactionTest {
  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsImVtYWlsIjoiYUBiLmMifQ.c2lnbmF0dXJlLXZhbHVlLXhZejEyMw";

  private LoggerContext context;
  private Appender<ILoggingEvent> json;
  private ListAppender<ILoggingEvent> captured;

  @BeforeEach
  void loadProductionConfiguration() throws Exception {
    context = productionContext("json");
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    json = ((AsyncAppender) root.getAppender("LOG")).getAppender("JSON");
    captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
  }

  /** The production configuration, with AUTHSUITE_LOG_FORMAT as given (whatever this JVM's environment says). */
  private LoggerContext productionContext(String format) throws Exception {
    LoggerContext loaded = new LoggerContext();
    loaded.setMDCAdapter(new LogbackMDCAdapter());
    loaded.putProperty(LogFormat.VARIABLE, format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(loaded);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    return loaded;
  }

  private JsonObject lineFor(Runnable logging) {
    logging.run();
    ILoggingEvent event = captured.list.get(captured.list.size() - 1);
    byte[] bytes = ((OutputStreamAppender<ILoggingEvent>) json).getEncoder().encode(event);
    return new JsonObject(new String(bytes, StandardCharsets.UTF_8).trim());
  }

  @Test
  @DisplayName("a JWT in the message is masked, and the line is one JSON object with level and logger")
  void jwtInMessage() {
    JsonObject line = lineFor(() -> context.getLogger("authsuite.test").info("validating " + JWT + " for user 42"));
    assertThat(line.getString("level")).isEqualTo("INFO");
    assertThat(line.getString("logger_name")).isEqualTo("authsuite.test");
    assertThat(line.getString("message")).doesNotContain(JWT).doesNotContain("c2lnbmF0dXJl").contains("[REDACTED]", "for user 42");
  }

  @Test
  @DisplayName("bearer credentials, key=value secrets and URL passwords are masked")
  void credentialsInText() {
    JsonObject line = lineFor(() -> context.getLogger("authsuite.test").warn(
        "header Authorization: Bearer abc.def-ghi, query ?ticket=t1ck3t&x=1, password=hunter2, redis://app:s3cr3t@cache:6379"));
    String message = line.getString("message");
    assertThat(message).doesNotContain("abc.def-ghi", "t1ck3t", "hunter2", "s3cr3t");
    assertThat(message).contains("cache:6379", "x=1");
  }

  @Test
  @DisplayName("a URL's userinfo is masked whole: a user-only token, and a password with an unescaped @")
  void userinfoInText() {
    JsonObject line = lineFor(() -> context.getLogger("authsuite.test").warn(
        "probing https://t0kenonly@primary:8000/health and http://ops:p@ssw0rd@idp/jwks for ops@example.com"));
    assertThat(line.getString("message")).doesNotContain("t0kenonly", "p@ss", "ssw0rd").contains("primary:8000/health", "idp/jwks");
  }

  @Test
  @DisplayName("structured fields named like secrets are masked whatever their value")
  void structuredFields() {
    JsonObject line = lineFor(() -> context.getLogger("authsuite.test").info("login attempt",
        kv("username", "alice"), kv("password", "correct horse"), kv("refresh_token", "opaque-refresh-value")));
    assertThat(line.getString("username")).isEqualTo("alice");
    assertThat(line.getString("password")).isEqualTo("[REDACTED]");
    assertThat(line.getString("refresh_token")).isEqualTo("[REDACTED]");
    assertThat(line.encode()).doesNotContain("correct horse", "opaque-refresh-value");
  }

  @Test
  @DisplayName("a JSON body echoed into a message loses its secret values")
  void jsonBodyInMessage() {
    JsonObject line = lineFor(() -> context.getLogger("authsuite.test").info(
        "body was {\"username\": \"alice\", \"password\": \"hunter2\", \"token\": \"opaque-xyz\"}"));
    assertThat(line.getString("message")).contains("alice").doesNotContain("hunter2", "opaque-xyz");
  }

  @Test
  @DisplayName("the text format for terminals masks the same secrets, shows the fields the message does not, and the request's correlation id")
  void textFormat() throws Exception {
    LoggerContext text = productionContext("text");
    Logger root = text.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) ((AsyncAppender) root.getAppender("LOG")).getAppender("TEXT");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(text);
    events.start();
    root.addAppender(events);
    text.getMDCAdapter().put("correlation_id", "req-42");
    text.getLogger("authsuite.test").warn("validating {} with Bearer abc.def-ghi on {}", JWT, kv("service", "jwt-token-adapter"),
        kv("port", 8025), kv("error", "password=hunter2 refused"), kv("service_name", "jwt-token-adapter"));
    text.getMDCAdapter().remove("correlation_id");
    text.getLogger("authsuite.test").info("outside any request");
    String first = new String(console.getEncoder().encode(events.list.get(0)), StandardCharsets.UTF_8);
    String second = new String(console.getEncoder().encode(events.list.get(1)), StandardCharsets.UTF_8);
    assertThat(first).doesNotContain(JWT, "c2lnbmF0dXJl", "abc.def-ghi", "hunter2").contains("WARN", "[REDACTED]", "port=8025", "[req-42]");
    assertThat(first.lines().count()).isEqualTo(1);
    assertThat(first).as("a field the message already shows is not repeated").doesNotContain("service_name=");
    assertThat(second).contains("outside any request").doesNotContain("[]", "req-42");
    text.stop();
  }
}
