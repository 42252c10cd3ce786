package authsuite.common.jwt.revocation.impl;

import authsuite.common.jwt.revocation.impl.Revocation.Kind;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance knows to be revoked. Read on the event loop for every token, so a lookup is a few map reads
 * and no allocation; writes only ever extend an entry (later until, later not-before), which makes applying the
 * same revocation twice, or a store reload racing an event, harmless. Expired entries are ignored until swept.
 */
final class RevocationMirror {

  private record UserCutoff(long notBeforeMs, long untilMs) {
  }

  private final Map<Kind, ConcurrentHashMap<String, Long>> untilById = new EnumMap<>(Kind.class);
  private final ConcurrentHashMap<String, UserCutoff> users = new ConcurrentHashMap<>();

  RevocationMirror() {
    untilById.put(Kind.TOKEN, new ConcurrentHashMap<>());
    untilById.put(Kind.SESSION, new ConcurrentHashMap<>());
    untilById.put(Kind.FAMILY, new ConcurrentHashMap<>());
  }

  void apply(Revocation revocation) {
    if (revocation.kind() == Kind.USER) {
      users.merge(revocation.id(), new UserCutoff(revocation.notBeforeMs(), revocation.untilMs()),
        (held, added) -> new UserCutoff(Math.max(held.notBeforeMs(), added.notBeforeMs()),
          Math.max(held.untilMs(), added.untilMs())));
    } else {
      untilById.get(revocation.kind()).merge(revocation.id(), revocation.untilMs(), Math::max);
    }
  }

  boolean isRevoked(String jti, String sessionId, String familyId, String userId, Instant issuedAt) {
    long now = System.currentTimeMillis();
    return inForce(Kind.TOKEN, jti, now) || inForce(Kind.SESSION, sessionId, now)
      || inForce(Kind.FAMILY, familyId, now) || userCutsOff(userId, issuedAt, now);
  }

  void sweep() {
    long now = System.currentTimeMillis();
    untilById.values().forEach(entries -> entries.values().removeIf(until -> until <= now));
    users.values().removeIf(cutoff -> cutoff.untilMs() <= now);
  }

  JsonObject counts() {
    JsonObject counts = new JsonObject();
    untilById.forEach((kind, entries) -> counts.put(kind.label, entries.size()));
    return counts.put(Kind.USER.label, users.size());
  }

  private boolean inForce(Kind kind, String id, long now) {
    if (id == null) {
      return false;
    }
    Long until = untilById.get(kind).get(id);
    return until != null && until > now;
  }

  private boolean userCutsOff(String userId, Instant issuedAt, long now) {
    if (userId == null) {
      return false;
    }
    UserCutoff cutoff = users.get(userId);
    return cutoff != null && cutoff.untilMs() > now
      && (issuedAt == null || issuedAt.toEpochMilli() <= cutoff.notBeforeMs());
  }
}
