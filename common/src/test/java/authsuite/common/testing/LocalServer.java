package authsuite.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** Cheap probes of a server on a local port, so a missing one fails in milliseconds with a useful message. */
final class LocalServer {

  private static final int TIMEOUT_MS = 1_000;
  private static final int POSTGRES_SSL_REQUEST_CODE = 80877103;

  private LocalServer() {
  }

  static boolean answersRedisPing(String host, int port) {
    return exchange(host, port, "PING\r\n".getBytes(StandardCharsets.US_ASCII),
      reply -> reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
  }

  /** An SSLRequest gets a one-byte 'S' or 'N' from any PostgreSQL, whatever its authentication. */
  static boolean answersPostgresHandshake(String host, int port) {
    byte[] sslRequest = ByteBuffer.allocate(8).putInt(8).putInt(POSTGRES_SSL_REQUEST_CODE).array();
    return exchange(host, port, sslRequest, reply -> reply.startsWith("S") || reply.startsWith("N"));
  }

  private static boolean exchange(String host, int port, byte[] request, Predicate<String> expected) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[16];
      int read = in.read(reply);
      return read > 0 && expected.test(new String(reply, 0, read, StandardCharsets.US_ASCII));
    } catch (IOException unreachable) {
      return false;
    }
  }
}
