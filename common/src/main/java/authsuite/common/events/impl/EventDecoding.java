package authsuite.common.events.impl;

import authsuite.common.events.AuthEvent;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what arrived on a channel into an event, or nothing: a stray message must never reach a handler or crash us. */
final class EventDecoding {

  private static final Logger LOG = LoggerFactory.getLogger(EventDecoding.class);

  private EventDecoding() {
  }

  static AuthEvent decode(String channelName, Object message) {
    try {
      JsonObject json = message instanceof JsonObject object ? object : new JsonObject(String.valueOf(message));
      return AuthEvent.fromJson(json);
    } catch (RuntimeException undecodable) {
      // the payload is not logged: whoever published garbage may have published a token
      LOG.debug("ignoring a message on auth event channel {} that is not an auth event: {}",
        channelName, undecodable.getMessage());
      return null;
    }
  }
}
