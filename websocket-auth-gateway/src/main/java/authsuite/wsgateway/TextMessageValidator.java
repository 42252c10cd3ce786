package authsuite.wsgateway;

import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that the text messages one client sends are UTF-8, frame by frame as they are relayed: a
 * character may straddle two fragments, so the decoder keeps its state from one continuation to the
 * next. The gateway is the client's WebSocket endpoint, and RFC 6455 (8.1) has an endpoint fail a
 * connection whose text is not UTF-8 rather than pass it on: a frame relayed as it came would hand
 * the upstream bytes no WebSocket peer may send.
 */
final class TextMessageValidator {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final CharBuffer sink = CharBuffer.allocate(1024);
  private ByteBuffer carried = ByteBuffer.allocate(0);
  private boolean inText;

  /** False when this frame makes the current text message invalid UTF-8. */
  boolean accepts(WebSocketFrame frame) {
    if (frame.type() == WebSocketFrameType.TEXT) {
      inText = true;
      decoder.reset();
      carried = ByteBuffer.allocate(0);
    } else if (frame.type() == WebSocketFrameType.BINARY) {
      inText = false;
      return true;
    } else if (frame.type() != WebSocketFrameType.CONTINUATION || !inText) {
      return true;
    }
    byte[] data = frame.binaryData().getBytes();
    ByteBuffer input = ByteBuffer.allocate(carried.remaining() + data.length).put(carried).put(data).flip();
    boolean valid = decode(input, frame.isFinal());
    carried = input.slice();
    if (frame.isFinal()) {
      inText = false;
    }
    return valid;
  }

  private boolean decode(ByteBuffer input, boolean last) {
    try {
      while (true) {
        sink.clear();
        var result = decoder.decode(input, sink, last);
        if (result.isError()) {
          result.throwException();
        }
        if (result.isUnderflow()) {
          break;
        }
      }
      if (last) {
        sink.clear();
        var flushed = decoder.flush(sink);
        if (flushed.isError()) {
          flushed.throwException();
        }
      }
      return true;
    } catch (CharacterCodingException invalid) {
      return false;
    }
  }
}
