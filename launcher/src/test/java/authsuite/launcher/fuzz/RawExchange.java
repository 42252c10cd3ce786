package authsuite.launcher.fuzz;

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
 * One request's exact bytes on a fresh socket, and the first answer read back within a deadline:
 * what a client on the other side of the wire sees, including nothing at all. Blocking: call it from
 * the test thread.
 */
final class RawExchange {
  static final int DEADLINE_MS = 2_000;
  private static final int MAX_ANSWER_BYTES = 1 << 20;
  private static final int CRLF_CRLF = 0x0d0a0d0a;

  private RawExchange() {
  }

  enum Outcome { ANSWERED, TIMED_OUT, CLOSED_WITHOUT_ANSWER, GARBLED }

  record Answer(Outcome outcome, int status, List<String> headerLines, String body, long elapsedMs) {
    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headerLines.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(line -> line.substring(prefix.length()).trim()).findFirst().orElse(null);
    }

    String summary() {
      return switch (outcome) {
        case ANSWERED -> status + " " + headerLines + " " + abbreviate(body) + " (" + elapsedMs + " ms)";
        case TIMED_OUT -> "no complete answer within " + DEADLINE_MS + " ms; got: " + abbreviate(body);
        case CLOSED_WITHOUT_ANSWER -> "connection closed without an answer (" + elapsedMs + " ms)";
        case GARBLED -> "not an HTTP answer: " + abbreviate(body);
      };
    }

    private static String abbreviate(String text) {
      return text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }
  }

  static Answer send(int port, byte[] request, boolean headOnly) {
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), DEADLINE_MS);
      socket.setSoTimeout(DEADLINE_MS);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException refusedMidway) {
        // the server may answer and close before it has read everything sent (an oversized head)
      }
      return read(socket, socket.getInputStream(), started, headOnly);
    } catch (IOException e) {
      return new Answer(Outcome.CLOSED_WITHOUT_ANSWER, -1, List.of(), String.valueOf(e), elapsed(started));
    }
  }

  private static Answer read(Socket socket, InputStream in, long started, boolean headOnly) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int lastFour = 0;
    try {
      while (lastFour != CRLF_CRLF) {
        socket.setSoTimeout(remaining(started));
        int b = in.read();
        if (b < 0) {
          return head.size() == 0
              ? new Answer(Outcome.CLOSED_WITHOUT_ANSWER, -1, List.of(), "", elapsed(started))
              : new Answer(Outcome.GARBLED, -1, List.of(), latin1(head), elapsed(started));
        }
        head.write(b);
        lastFour = (lastFour << 8) | b;
        if (head.size() > MAX_ANSWER_BYTES) {
          return new Answer(Outcome.GARBLED, -1, List.of(), "head over 1 MiB", elapsed(started));
        }
      }
    } catch (SocketTimeoutException late) {
      return new Answer(Outcome.TIMED_OUT, -1, List.of(), latin1(head), elapsed(started));
    } catch (IOException reset) {
      return head.size() == 0
          ? new Answer(Outcome.CLOSED_WITHOUT_ANSWER, -1, List.of(), String.valueOf(reset), elapsed(started))
          : new Answer(Outcome.GARBLED, -1, List.of(), latin1(head), elapsed(started));
    }
    String[] lines = latin1(head).split("\r\n", -1);
    String[] statusLine = lines[0].split(" ", 3);
    if (!lines[0].startsWith("HTTP/1.") || statusLine.length < 2 || !statusLine[1].matches("\\d{3}")) {
      return new Answer(Outcome.GARBLED, -1, List.of(), latin1(head), elapsed(started));
    }
    int status = Integer.parseInt(statusLine[1]);
    List<String> headers = new ArrayList<>();
    for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
      headers.add(lines[i]);
    }
    Answer partial = new Answer(Outcome.ANSWERED, status, headers, "", 0);
    try {
      byte[] body = headOnly ? new byte[0] : "chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))
          ? readChunked(socket, in, started)
          : readExactly(socket, in, started, contentLength(partial));
      return new Answer(Outcome.ANSWERED, status, headers, new String(body, StandardCharsets.UTF_8), elapsed(started));
    } catch (SocketTimeoutException late) {
      return new Answer(Outcome.TIMED_OUT, status, headers, "(body incomplete)", elapsed(started));
    }
  }

  private static int contentLength(Answer partial) {
    String length = partial.header("Content-Length");
    return length == null ? 0 : Math.min(Integer.parseInt(length), MAX_ANSWER_BYTES);
  }

  private static byte[] readExactly(Socket socket, InputStream in, long started, int length) throws IOException {
    byte[] body = new byte[length];
    int read = 0;
    while (read < length) {
      socket.setSoTimeout(remaining(started));
      int n = in.read(body, read, length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    return read == length ? body : java.util.Arrays.copyOf(body, read);
  }

  private static byte[] readChunked(Socket socket, InputStream in, long started) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (body.size() < MAX_ANSWER_BYTES) {
      String sizeLine = readLine(socket, in, started);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        readLine(socket, in, started);
        break;
      }
      body.write(readExactly(socket, in, started, size));
      readLine(socket, in, started);
    }
    return body.toByteArray();
  }

  private static String readLine(Socket socket, InputStream in, long started) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      socket.setSoTimeout(remaining(started));
      int b = in.read();
      if (b < 0 || b == '\n') {
        return latin1(line).trim();
      }
      line.write(b);
    }
  }

  private static int remaining(long started) {
    return (int) Math.max(1, DEADLINE_MS - elapsed(started));
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static String latin1(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
