package authsuite.coordinator;

import authsuite.common.http.HttpDeadlines;
import authsuite.common.testing.Eventually;
import authsuite.common.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@Timeout(60)
@ExtendWith(VertxExtension.class)
@DisplayName("The integration report's event streams are bounded in number, and an open one is never cut as idle")
class StreamLimitsRobustnessTest {
  private static final int MAX_STREAMS = 3;
  private static final String STREAM = "GET " + IntegrationRoutes.STREAM + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
  private final List<Socket> streams = new ArrayList<>();
  private CoordinatorFixture fixture;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    fixture = new CoordinatorFixture(vertx);
    fixture.start(fixture.config()
        .put(CoordinatorSettings.MAX_STREAMS, String.valueOf(MAX_STREAMS))
        .put(HttpDeadlines.HTTP_IDLE_TIMEOUT_S, "1"));
    port = fixture.coordinator.port();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : streams) {
      socket.close();
    }
    fixture.close();
  }

  @Test
  @DisplayName("one stream over COORDINATOR_MAX_STREAMS is 503 too_many_streams with Retry-After; closing one frees a slot")
  void streamsAreCapped() throws Exception {
    for (int i = 0; i < MAX_STREAMS; i++) {
      assertThat(openStream()).startsWith("HTTP/1.1 200");
    }

    RawHttp.Answer refused = RawHttp.exchange(port, STREAM);
    assertThat(refused.status()).as("%s", refused).isEqualTo(503);
    assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
    assertThat(refused.json().getString("code")).isEqualTo("too_many_streams");
    assertThat(refused.json().getInteger("status")).isEqualTo(503);

    streams.remove(0).close();
    Eventually.until("a slot is free once a stream closed", () -> {
      try {
        return openStream().startsWith("HTTP/1.1 200");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("an open stream outlives three idle timeouts")
  void openStreamIsNotIdle() throws Exception {
    assertThat(openStream()).startsWith("HTTP/1.1 200");
    Socket stream = streams.get(0);
    stream.setSoTimeout(3_000);
    InputStream in = stream.getInputStream();
    byte[] sink = new byte[4096];
    long start = System.currentTimeMillis();
    try {
      // not an event wait: the point is three idle timeouts (HTTP_IDLE_TIMEOUT_S is whole seconds) passing in silence
      while (System.currentTimeMillis() - start < 3_000) {
        assertThat(in.read(sink)).as("the stream is still open after %d ms", System.currentTimeMillis() - start).isNotNegative();
      }
    } catch (SocketTimeoutException stillOpen) {
      // nothing to send for 3 s, and still open: what this test wants
    } catch (SocketException reset) {
      throw new AssertionError("the stream was cut", reset);
    }
  }

  /** Opens a stream on its own connection and returns the answer's head; a 200 stream stays open until the test ends. */
  private String openStream() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(STREAM.getBytes(StandardCharsets.ISO_8859_1));
    StringBuilder head = new StringBuilder();
    InputStream in = socket.getInputStream();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    if (head.toString().startsWith("HTTP/1.1 200")) {
      streams.add(socket);
    } else {
      socket.close();
    }
    return head.toString();
  }
}
