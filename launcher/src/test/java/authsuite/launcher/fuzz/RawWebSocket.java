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

/**
 * A WebSocket client that writes any frame at all (reserved opcodes, RSV bits, unmasked, lying
 * lengths, oversized or fragmented control frames), and reports what the server did within the
 * deadline: the close code it sent, whether it dropped the connection, and the frames it answered with.
 * Blocking: call it from the test thread.
 */
final class RawWebSocket {
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CONTINUATION = 0x0;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;

  /** What came back: the handshake status, then the frames' opcodes, the close code (-1: none), and whether the TCP connection ended. */
  record Reaction(int handshakeStatus, List<Integer> opcodes, int closeCode, boolean dropped, long elapsedMs) {
    boolean reacted() {
      return closeCode >= 0 || dropped || !opcodes.isEmpty();
    }

    @Override
    public String toString() {
      return "handshake " + handshakeStatus + ", frames " + opcodes + ", close code " + closeCode
          + (dropped ? ", connection dropped" : "") + " (" + elapsedMs + " ms)";
    }
  }

  private RawWebSocket() {
  }

  /** One frame's bytes; {@code mask} false writes it unmasked, which a client must never do. */
  static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean mask) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int maskBit = mask ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else if (payload.length < 65_536) {
      out.write(maskBit | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] key = {0x12, 0x34, 0x56, 0x78};
    if (mask) {
      out.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(mask ? payload[i] ^ key[i % 4] : payload[i]);
    }
    return out.toByteArray();
  }

  static byte[] text(String text) {
    return frame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Upgrades {@code /ws} with the extra header lines, writes the frames, and watches for {@code watchMs}, or only
   * until the first frame when {@code firstFrameIsEnough}; a close always ends the watch.
   */
  static Reaction exchange(int port, List<String> headers, List<byte[]> frames, int watchMs, boolean firstFrameIsEnough) {
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      socket.setSoTimeout(2_000);
      StringBuilder upgrade = new StringBuilder("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
      headers.forEach(header -> upgrade.append(header).append("\r\n"));
      socket.getOutputStream().write(upgrade.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      int status = handshakeStatus(in);
      if (status != 101) {
        return new Reaction(status, List.of(), -1, false, elapsed(started));
      }
      try {
        for (byte[] frame : frames) {
          socket.getOutputStream().write(frame);
        }
        socket.getOutputStream().flush();
      } catch (IOException dropped) {
        return new Reaction(status, List.of(), -1, true, elapsed(started));
      }
      return watch(socket, in, status, started, watchMs, firstFrameIsEnough);
    } catch (IOException e) {
      return new Reaction(-1, List.of(), -1, true, elapsed(started));
    }
  }

  private static Reaction watch(Socket socket, InputStream in, int status, long started, int watchMs, boolean firstFrameIsEnough)
      throws IOException {
    List<Integer> opcodes = new ArrayList<>();
    long deadline = System.nanoTime() + watchMs * 1_000_000L;
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        int first = in.read();
        if (first < 0) {
          return new Reaction(status, opcodes, -1, true, elapsed(started));
        }
        int opcode = first & 0x0f;
        long length = in.read() & 0x7f;
        if (length == 126) {
          length = (in.read() << 8) | in.read();
        } else if (length == 127) {
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | in.read();
          }
        }
        byte[] payload = in.readNBytes((int) Math.min(length, 1 << 20));
        opcodes.add(opcode);
        if (opcode == CLOSE) {
          int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
          return new Reaction(status, opcodes, code, false, elapsed(started));
        }
        if (firstFrameIsEnough) {
          return new Reaction(status, opcodes, -1, false, elapsed(started));
        }
      }
    } catch (SocketTimeoutException quiet) {
      // nothing more within the watch
    } catch (IOException reset) {
      return new Reaction(status, opcodes, -1, true, elapsed(started));
    }
    return new Reaction(status, opcodes, -1, false, elapsed(started));
  }

  private static int handshakeStatus(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int lastFour = 0;
    while (lastFour != 0x0d0a0d0a) {
      int b = in.read();
      if (b < 0) {
        return -1;
      }
      head.write(b);
      lastFour = (lastFour << 8) | b;
    }
    String[] statusLine = head.toString(StandardCharsets.ISO_8859_1).split(" ", 3);
    return statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
