package authsuite.common.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exact bytes on a plain socket, for the requests an HTTP client library refuses to send (two
 * {@code Authorization} headers, {@code Content-Length} beside {@code Transfer-Encoding}) and for
 * reading an answer's header lines as they were written (a folded line, a smuggled header).
 * Blocking: call it from the test thread, never from an event loop.
 */
public final class RawHttp {
  private static final int TIMEOUT_MS = 5_000;
  private static final int CLOSE_WAIT_MS = 1_000;

  private RawHttp() {
  }

  /**
   * What came back: the status, each header line as written, and the body; {@code timedOut} when nothing complete
   * came within 5 s; {@code closed} when the server closed the connection after answering.
   */
  public record Answer(int status, List<String> headerLines, String body, boolean timedOut, boolean closed) {
    public String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headerLines.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(line -> line.substring(prefix.length()).trim()).findFirst().orElse(null);
    }

    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Sends {@code request} (CRLFs included) to 127.0.0.1:port and reads one answer. */
  public static Answer exchange(int port, String request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      Answer answer = read(socket.getInputStream());
      if (answer.timedOut()) {
        return answer;
      }
      boolean closed;
      try {
        socket.setSoTimeout(CLOSE_WAIT_MS);
        closed = socket.getInputStream().read() < 0;
      } catch (SocketTimeoutException stillOpen) {
        closed = false;
      }
      return new Answer(answer.status(), answer.headerLines(), answer.body(), false, closed);
    } catch (IOException e) {
      throw new IllegalStateException("cannot talk to 127.0.0.1:" + port, e);
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      while (!endsWithBlankLine(head)) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
      }
    } catch (SocketTimeoutException e) {
      return new Answer(-1, List.of(), head.toString(StandardCharsets.ISO_8859_1), true, false);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", -1);
    if (lines.length < 2 || !lines[0].startsWith("HTTP/1.")) {
      return new Answer(-1, List.of(), head.toString(StandardCharsets.ISO_8859_1), false, false);
    }
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String> headers = new ArrayList<>();
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      headers.add(lines[i]);
    }
    Answer partial = new Answer(status, headers, "", false, false);
    String length = partial.header("Content-Length");
    byte[] body = new byte[length == null ? 0 : Integer.parseInt(length)];
    int read = 0;
    try {
      while (read < body.length) {
        int n = in.read(body, read, body.length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
    } catch (SocketTimeoutException e) {
      return new Answer(status, headers, new String(body, 0, read, StandardCharsets.UTF_8), true, false);
    }
    return new Answer(status, headers, new String(body, 0, read, StandardCharsets.UTF_8), false, false);
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] bytes = head.toByteArray();
    int n = bytes.length;
    return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
  }
}
