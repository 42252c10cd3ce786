package authsuite.jwt;

import authsuite.common.events.AuthEvent;
import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.JwtCore;
import authsuite.common.jwt.keys.SuiteKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Rotates the suite's signing key and tells every instance: each one's JwtCore reads the keys again on the event. */
final class SuiteKeyRotation {
  private final SuiteKeys keys;
  private final AuthEventChannel events;
  private final String origin;

  SuiteKeyRotation(SuiteKeys keys, AuthEventChannel events, String origin) {
    this.keys = keys;
    this.events = events;
    this.origin = origin;
  }

  /** Completes with the new signing key's kid once the rotation is stored and announced. */
  Future<String> rotate() {
    return keys.rotate()
        .compose(rotated -> events.publish(AuthEvent.of(JwtCore.KEY_ROTATED, new JsonObject().put("kid", kid()), origin)))
        .map(published -> kid());
  }

  private String kid() {
    return keys.signingKey().getKeyID();
  }
}
