package authsuite.wsgateway;

import authsuite.common.config.ConfigException;
import authsuite.common.config.SuiteConfig;
import authsuite.common.testing.Eventually;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@Timeout(60)
@DisplayName("Tickets in query strings never reach the logs; gateway settings are validated at start")
class QueryCredentialLoggingTest {

  @Test
  @DisplayName("the access log of accepted and refused ?ticket= upgrades holds the path, never the ticket")
  void ticketsNotLogged(Vertx vertx) {
    Logger access = (Logger) LoggerFactory.getLogger("authsuite.access");
    Level level = access.getLevel();
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    access.setLevel(Level.DEBUG);
    GatewayFixture fixture = new GatewayFixture(vertx);
    try {
      int port = fixture.start().port();
      String ticket = fixture.ticket(port, GatewayFixture.token("logged", 300)).bodyAsJsonObject().getString("ticket");
      fixture.open(port, new WebSocketConnectOptions().setURI("/ws?ticket=" + ticket));
      assertThatThrownBy(() -> fixture.connect(port, new WebSocketConnectOptions().setURI("/ws?ticket=" + ticket)).await())
          .isInstanceOf(UpgradeRejectedException.class);

      String logged = accessLogOnceRefusalWritten(vertx, lines);
      assertThat(logged).contains("/ws").contains("401").doesNotContain(ticket).doesNotContain("ticket=");
    } finally {
      access.detachAppender(lines);
      access.setLevel(level);
      fixture.close();
    }
  }

  /** The refused upgrade's access line is written when its response ends, which may be just after the client saw the 401. */
  private static String accessLogOnceRefusalWritten(Vertx vertx, ListAppender<ILoggingEvent> lines) {
    return Eventually.until(vertx, () -> List.copyOf(lines.list).stream()
            .map(event -> event.getFormattedMessage() + " " + Arrays.toString(event.getArgumentArray()))
            .collect(Collectors.joining("\n")),
        logged -> logged.contains("401"), Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("malformed WS_* settings are reported by name before the gateway starts")
  void settingsValidated() {
    JsonObject config = authsuite.common.testing.TestServices.embeddedConfig()
        .put(GatewaySettings.WS_POLICY, "{\"chat-user\": {\"rooms.*\": \"publish\"}}")
        .put(GatewaySettings.WS_MAX_FRAME_BYTES, "1000000")
        .put(GatewaySettings.WS_AUTH_TIMEOUT_S, "soon");
    assertThatThrownBy(() -> SuiteConfig.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WS_POLICY.chat-user.rooms.*")
        .hasMessageContaining("WS_MAX_FRAME_BYTES")
        .hasMessageContaining("WS_AUTH_TIMEOUT_S");
    assertThatThrownBy(() -> SuiteConfig.from(authsuite.common.testing.TestServices.embeddedConfig().put(GatewaySettings.WS_POLICY, "[1")))
        .hasMessageContaining("WS_POLICY");
  }
}
