package authsuite.common.platform;

import authsuite.common.http.ProblemResponder;
import authsuite.common.http.impl.ConnectionDeadlines;
import authsuite.common.testing.CapturedLogs;
import authsuite.common.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("robustness")
@Timeout(60)
@ExtendWith(VertxExtension.class)
@DisplayName("A connection that sends too slowly, or sits idle between requests, is ended; a keep-alive client is not")
class ConnectionDeadlinesRobustnessTest {
  private static final int HEADER_TIMEOUT_MS = 1_000;
  private static final int BODY_TIMEOUT_MS = 1_000;
  private static final int IDLE_TIMEOUT_S = 1;
  /**
   * How long a test waits for the server to end a connection: a bound on the test, not a speed asserted. Which deadline
   * ended it is read from the server's own log line, not from a clock.
   */
  private static final int PATIENCE_MS = 20_000;
  private static final String HEALTH = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private final Logger deadlinesLogger = (Logger) LoggerFactory.getLogger(ConnectionDeadlines.class);
  private Level deadlinesLevel;
  private CapturedLogs cuts;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    // the line "connection deadline passed; closing deadline=<which>" is DEBUG: it names the deadline that cut
    deadlinesLevel = deadlinesLogger.getLevel();
    deadlinesLogger.setLevel(Level.DEBUG);
    cuts = CapturedLogs.of(ConnectionDeadlines.class);
    port = TestServices.start(vertx, new KitTestVerticle(), TestServices.embeddedConfig()
        .put("HTTP_HEADER_TIMEOUT_MS", String.valueOf(HEADER_TIMEOUT_MS))
        .put("HTTP_BODY_TIMEOUT_MS", String.valueOf(BODY_TIMEOUT_MS))
        .put("HTTP_IDLE_TIMEOUT_S", String.valueOf(IDLE_TIMEOUT_S))).await().port();
  }

  @AfterEach
  void stop() {
    cuts.close();
    deadlinesLogger.setLevel(deadlinesLevel);
  }

  @Test
  @DisplayName("half a request head is cut at the header deadline")
  void halfAHead() throws IOException {
    try (Socket socket = connect()) {
      send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");

      assertCutBy(socket, "head");
    }
  }

  @Test
  @DisplayName("a connection that never sends a byte is cut at the header deadline")
  void silentConnection() throws IOException {
    try (Socket socket = connect()) {
      assertCutBy(socket, "head");
    }
  }

  @Test
  @DisplayName("a head trickled one byte at a time is cut at the header deadline, though bytes keep coming")
  void trickledHead() throws IOException, InterruptedException {
    try (Socket socket = connect()) {
      send(socket, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      long start = System.nanoTime();
      boolean ended = false;
      // a byte every 200 ms (endsWithin is the pause): the client's pace, not a wait for an event; the loop's bound
      // only keeps the test from running forever
      while (!ended && millisSince(start) < PATIENCE_MS) {
        ended = !trySend(socket, "a") || endsWithin(socket, 200);
      }

      assertThat(ended).as("ended while bytes kept coming").isTrue();
      assertThat(cutBy(socket)).as("the deadline that cut it, though bytes kept coming").isEqualTo("head");
    }
  }

  @Test
  @DisplayName("a body that stops coming is cut at the body deadline, and the cut is no error of ours")
  void stalledBody() throws IOException, InterruptedException {
    try (Socket socket = connect(); CapturedLogs logs = CapturedLogs.of(ProblemResponder.class)) {
      send(socket, "POST /api/v1/kit/greetings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"name\": ");

      assertCutBy(socket, "body");
      Thread.sleep(200); // not an event wait: a moment in which an ERROR line about the cut could still be written
      assertThat(logs.lines()).as("a client cut off is not a server error (an attacker could fill the log with them)")
          .noneMatch(line -> line.startsWith("ERROR"));
    }
  }

  @Test
  @DisplayName("a keep-alive client is served request after request past every deadline, and cut only once idle")
  void keepAliveClient() throws IOException, InterruptedException {
    try (Socket socket = connect()) {
      long start = System.nanoTime();
      while (millisSince(start) < 3 * Math.max(HEADER_TIMEOUT_MS, IDLE_TIMEOUT_S * 1_000)) {
        send(socket, HEALTH);
        assertThat(readAnswer(socket)).startsWith("HTTP/1.1 200");
        Thread.sleep(300); // not an event wait: the client's pace, requests spread past every deadline
      }
      send(socket, "POST /api/v1/kit/greetings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 17\r\n\r\n{\"name\": \"alice\"}");
      assertThat(readAnswer(socket)).startsWith("HTTP/1.1 200").contains("hello alice");

      assertCutBy(socket, "idle");
    }
  }

  /** The server ends the connection, and its log says which deadline did. */
  private void assertCutBy(Socket socket, String deadline) throws IOException {
    assertThat(endsWithin(socket, PATIENCE_MS)).as("the server ended the connection").isTrue();
    assertThat(cutBy(socket)).as("the deadline that cut it; logged: %s", cuts.lines()).isEqualTo(deadline);
  }

  /** The deadline the server logged closing this client's connection for (it logs before it closes), or null. */
  private String cutBy(Socket socket) {
    String remote = ".*remote=\\S*:" + socket.getLocalPort() + "(\\s.*)?";
    return cuts.lines().stream().filter(line -> line.contains("connection deadline passed") && line.matches(remote))
        .map(line -> line.replaceAll(".*deadline=([a-z]+).*", "$1")).findFirst().orElse(null);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static boolean trySend(Socket socket, String text) {
    try {
      send(socket, text);
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  /** Whether the server ends the connection within {@code timeoutMs} (anything it writes before is skipped). */
  private static boolean endsWithin(Socket socket, long timeoutMs) throws IOException {
    long start = System.nanoTime();
    byte[] sink = new byte[4096];
    try {
      while (millisSince(start) < timeoutMs) {
        socket.setSoTimeout((int) Math.max(1, timeoutMs - millisSince(start)));
        if (socket.getInputStream().read(sink) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** One answer with a Content-Length body, read whole. */
  private static String readAnswer(Socket socket) throws IOException {
    socket.setSoTimeout(5_000);
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection ended mid-answer: " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
