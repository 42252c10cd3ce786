package authsuite.wsgateway;

import authsuite.common.jwt.Identity;
import authsuite.common.jwt.TokenCheck;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One socket as the connection registry records it, from the slot its user takes before the upstream is dialled to
 * its close: its id, its user as the latest check of its token has it, when it opened, and what it has relayed.
 */
final class SocketEntry implements ConnectionRegistry.Registered {
  private final String id;
  private final String instance;
  private final long openedAtMs;
  private TokenCheck check;
  private long framesIn;
  private long framesOut;
  private long bytesIn;
  private long bytesOut;

  SocketEntry(String id, String instance, TokenCheck check, long openedAtMs) {
    this.id = id;
    this.instance = instance;
    this.check = check;
    this.openedAtMs = openedAtMs;
  }

  /** The entry of the socket filling this slot, opened at {@code atMs}. */
  SocketEntry openedAt(long atMs) {
    return new SocketEntry(id, instance, check, atMs);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String userId() {
    return check.identity().userId();
  }

  TokenCheck check() {
    return check;
  }

  void renew(TokenCheck fresh) {
    check = fresh;
  }

  void countIn(int bytes) {
    framesIn++;
    bytesIn += bytes;
  }

  void countOut(int bytes) {
    framesOut++;
    bytesOut += bytes;
  }

  /**
   * The entry connection-info shows (it adds the channels). No session id: that is a bearer credential, given once
   * to whoever it was issued to; the connection id is the socket's handle.
   */
  @Override
  public JsonObject describe() {
    Identity identity = check.identity();
    return new JsonObject()
        .put("connection_id", id)
        .put("user_id", identity.userId())
        .put("roles", new JsonArray(identity.roles()))
        .put("instance", instance)
        .put("opened_at", Instant.ofEpochMilli(openedAtMs).toString())
        .put("expires_at", check.expiresAt() == null ? null : check.expiresAt().toString())
        .put("frames_in", framesIn)
        .put("frames_out", framesOut)
        .put("bytes_in", bytesIn)
        .put("bytes_out", bytesOut);
  }
}
