package authsuite.wsgateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what a well-behaved client library never does: offer an extension and
 * then send frames it was not granted, keep sending after the server closed, never answer a close frame.
 * Blocking: use it from the test thread.
 */
final class RawWebSocket implements AutoCloseable {
  static final int OP_TEXT = 0x1;
  static final int OP_CLOSE = 0x8;
  static final int OP_PING = 0x9;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  final String responseHead;
  /** The reason of the server's close frame, once {@link #awaitClose(long)} has read one (null before, or without one). */
  String closeReason;

  private RawWebSocket(Socket socket, String responseHead) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.responseHead = responseHead;
  }

  /** Upgrades {@code GET /ws} with no credential, adding {@code extraHeaders} (CRLF-terminated lines) to the request. */
  static RawWebSocket open(int port, String extraHeaders) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] bytes;
    do {
      int b = socket.getInputStream().read();
      if (b < 0) {
        throw new EOFException("closed during the upgrade: " + head);
      }
      head.write(b);
      bytes = head.toByteArray();
    } while (!(bytes.length >= 4 && bytes[bytes.length - 4] == '\r' && bytes[bytes.length - 3] == '\n'
        && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n'));
    String text = head.toString(StandardCharsets.ISO_8859_1);
    if (!text.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IllegalStateException("upgrade refused: " + text);
    }
    return new RawWebSocket(socket, text);
  }

  /** One masked frame; {@code rsv1} marks it compressed (permessage-deflate). False when the server had closed. */
  boolean send(int opcode, boolean fin, boolean rsv1, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    try {
      out.write(frame.toByteArray());
      out.flush();
      return true;
    } catch (SocketException closed) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads frames (answering nothing) until the server's close frame or the end of the connection, for at most
   * {@code timeoutMs}: the close code, or -1 for an end without a close frame, or 0 when neither came in time.
   */
  int awaitClose(long timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return 0;
        }
        socket.setSoTimeout((int) left);
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if ((first & 0x0f) == OP_CLOSE) {
          closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : null;
          return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
      }
    } catch (SocketTimeoutException late) {
      return 0;
    } catch (EOFException | SocketException ended) {
      return -1;
    }
  }

  /** Whether the server ends the connection within {@code timeoutMs}, reading and discarding what comes before. */
  boolean awaitEnd(long timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    byte[] sink = new byte[8192];
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) left);
        if (in.read(sink) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException late) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
