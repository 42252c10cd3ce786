package authsuite.wsgateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The messages the gateway itself reads from a client ({@code {"type": "auth" | "reauth", "token": "..."}}, each in
 * one text frame) and writes to it ({@code auth_ok}, {@code reauth_ok}, {@code reauth_failed}). Everything else is
 * the chat's and is relayed untouched.
 */
final class GatewayMessages {
  static final String AUTH = "auth";
  static final String REAUTH = "reauth";

  private GatewayMessages() {
  }

  /** Cheap pre-check on the raw bytes: only a JSON object can be one of ours, so other chat messages are not decoded. */
  static boolean mayBeControl(WebSocketFrame frame) {
    Buffer data = frame.binaryData();
    for (int i = 0; i < data.length(); i++) {
      byte b = data.getByte(i);
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }

  /** The JSON object the text holds, or null when it holds none. */
  static JsonObject parse(String text) {
    try {
      Object value = Buffer.buffer(text).toJsonValue();
      return value instanceof JsonObject object ? object : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  static JsonObject authenticated(String connectionId, Instant expiresAt) {
    return new JsonObject().put("type", "auth_ok").put("connection_id", connectionId)
        .put("expires_at", expiresAt == null ? null : expiresAt.toString());
  }

  static JsonObject renewed(Instant expiresAt) {
    return new JsonObject().put("type", "reauth_ok").put("expires_at", expiresAt == null ? null : expiresAt.toString());
  }

  static JsonObject renewalRefused(String reason) {
    return new JsonObject().put("type", "reauth_failed").put("reason", reason);
  }
}
