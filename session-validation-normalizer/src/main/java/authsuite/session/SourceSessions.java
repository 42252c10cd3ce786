package authsuite.session;

import authsuite.common.config.SessionSources;
import authsuite.common.jwt.Identity;
import authsuite.common.jwt.revocation.Revocations;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sessions of the platform's existing stores (SESSION_SOURCES), validated where they are: the signature first
 * (no Redis for a forged or unsigned cookie), the sync-auth revocation of the session id next (in memory), then one
 * Redis command, GET or HGETALL. The framework's own expiry (the record's) and its logout or the key's TTL running
 * out (the key gone) count at once; a record that names no expiry (a browser-session cookie) answers
 * {@code expires_at: null}, its key's TTL still ending it. A user cut-off applies as to native sessions. Read only:
 * the suite never writes to a store it does not own.
 */
final class SourceSessions {
  static final String NO_USER = "no_user";

  private final Redis redis;
  private final StoreBreaker breaker;
  private final Revocations revocations;
  private final Clock clock;

  SourceSessions(Redis redis, StoreBreaker breaker, Revocations revocations, Clock clock) {
    this.redis = redis;
    this.breaker = breaker;
    this.revocations = revocations;
    this.clock = clock;
  }

  Future<SessionVerdict> use(SessionSource source, String value, List<String> checks) {
    String name = source.name();
    checks.add(source.spec().signed() ? "source_signature" : "source_id");
    SessionSource.Reading reading = source.read(value);
    if (reading.id() == null) {
      return Future.succeededFuture(SessionVerdict.invalid(reading.reason(), name, checks));
    }
    checks.add("revocation_list");
    if (revocations.isRevoked(null, reading.id(), null, null, null)) {
      return Future.succeededFuture(SessionVerdict.invalid(SessionVerdict.REVOKED, name, checks));
    }
    checks.add("source_store");
    Request read = Request.cmd(source.spec().hash() ? Command.HGETALL : Command.GET).arg(source.key(reading.id()));
    return breaker.call(() -> redis.send(read).recover(SourceSessions::wrongTypeAsAbsent))
        .map(stored -> judge(source, stored, checks));
  }

  /**
   * A key of another type than the source reads (a string where a hash is configured) is no session of this source:
   * an answer about the session, not a failure of the store, so it neither answers 503 nor counts toward the circuit.
   */
  private static io.vertx.core.Future<Response> wrongTypeAsAbsent(Throwable failure) {
    return failure instanceof Response error && error.toString().startsWith("WRONGTYPE")
        ? io.vertx.core.Future.succeededFuture(null) : io.vertx.core.Future.failedFuture(failure);
  }

  private SessionVerdict judge(SessionSource source, Response stored, List<String> checks) {
    if (stored == null || (source.spec().hash() && stored.size() == 0)) {
      return SessionVerdict.invalid(SessionVerdict.SESSION_EXPIRED, source.name(), checks);
    }
    Document document = source.spec().hash() ? Document.ofHash(stored) : Document.ofJson(stored.toBuffer());
    if (document == null) {
      return SessionVerdict.invalid(SessionVerdict.MALFORMED, source.name(), checks);
    }
    Instant now = clock.instant();
    SourceRecord record = SourceRecord.read(source.spec(), document, now);
    checks.add("source_expiry");
    Instant expiresAt = record.expiresAt();
    if (record.unreadable()) {
      return SessionVerdict.invalid(SessionVerdict.MALFORMED, source.name(), checks);
    }
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      return SessionVerdict.invalid(SessionVerdict.SESSION_EXPIRED, source.name(), checks);
    }
    if (record.userId() == null) {
      // a session the framework keeps for a visitor who has not signed in (or has signed out of passport)
      return SessionVerdict.invalid(NO_USER, source.name(), checks);
    }
    if (revocations.isRevoked(null, null, null, record.userId(), record.issuedAt())) {
      return SessionVerdict.invalid(SessionVerdict.REVOKED, source.name(), checks);
    }
    return SessionVerdict.validEncoded(session(source, record, expiresAt, now), source.name(), false, checks);
  }

  /** The canonical session, with {@code source} naming the store; its id stays out (it is the store's credential). */
  private static String session(SessionSource source, SourceRecord record, Instant expiresAt, Instant now) {
    return new Identity(record.userId(), record.userId(), record.email(), record.username(), record.roles(), List.of(), null,
        source.format(), List.of(), record.issuedAt(), expiresAt, "session", source.name(), false)
        .toSessionJson(record.issuedAt(), now).encode();
  }

  /**
   * A stored session, read by dotted paths: a JSON document, or a Redis hash whose field names the path's first
   * step (a field holding JSON text is read further by the rest of the path).
   */
  interface Document {
    Object at(String path);

    /** From the bytes as Redis sent them: the parser reads UTF-8 itself, with no String of the record made first. */
    static Document ofJson(io.vertx.core.buffer.Buffer text) {
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (DecodeException | ClassCastException notAnObject) {
        return null;
      }
      return path -> walk(json, path.split("\\."), 0);
    }

    static Document ofHash(Response fields) {
      Map<String, String> hash = new HashMap<>();
      java.util.Set<String> names = fields.getKeys();
      if (!names.isEmpty()) { // RESP3: a map
        names.forEach(field -> hash.put(field, fields.get(field).toString()));
      } else { // RESP2: field, value, field, value...
        for (int i = 0; i + 1 < fields.size(); i += 2) {
          hash.put(fields.get(i).toString(), fields.get(i + 1).toString());
        }
      }
      Map<String, JsonObject> parsed = new HashMap<>();
      return path -> {
        String[] steps = path.split("\\.");
        String field = hash.get(steps[0]);
        if (steps.length == 1 || field == null) {
          return field;
        }
        JsonObject nested = parsed.computeIfAbsent(steps[0], f -> {
          try {
            return new JsonObject(field);
          } catch (DecodeException | ClassCastException notAnObject) {
            return new JsonObject();
          }
        });
        return walk(nested, steps, 1);
      };
    }

    private static Object walk(JsonObject json, String[] steps, int from) {
      Object at = json;
      for (int i = from; i < steps.length; i++) {
        if (!(at instanceof JsonObject object)) {
          return null;
        }
        at = object.getValue(steps[i]);
      }
      return at;
    }
  }

  /**
   * The identity and times of one stored session. express-session's defaults: the user is {@code passport.user} (an
   * id, or an object with id, email, username, roles), the expiry {@code cookie.expires}; configured field paths win.
   * {@code unreadable} when a configured field holds something that is not what it names.
   */
  record SourceRecord(String userId, String email, String username, List<String> roles, Instant expiresAt,
                      Instant issuedAt, boolean unreadable) {

    static SourceRecord read(SessionSources.Source spec, Document document, Instant now) {
      Map<String, String> fields = spec.fields();
      boolean express = SessionSources.EXPRESS.equals(spec.format());
      Object passportUser = express ? document.at("passport.user") : null;
      JsonObject profile = passportUser instanceof JsonObject object ? object : new JsonObject();
      Object user = fields.containsKey("user_id") ? document.at(fields.get("user_id"))
          : passportUser instanceof JsonObject ? profile.getValue("id") : passportUser;
      Object email = fields.containsKey("email") ? document.at(fields.get("email")) : profile.getValue("email");
      Object username = fields.containsKey("username") ? document.at(fields.get("username")) : profile.getValue("username");
      Object roles = fields.containsKey("roles") ? document.at(fields.get("roles")) : profile.getValue("roles");
      Object expires = fields.containsKey("expires_at") ? document.at(fields.get("expires_at"))
          : express ? document.at("cookie.expires") : null;
      Object issued = fields.containsKey("issued_at") ? document.at(fields.get("issued_at")) : null;
      Reader reader = new Reader();
      return new SourceRecord(reader.id(user), reader.text(email), reader.text(username), reader.roles(roles),
          reader.instant(expires), reader.instant(issued), reader.unreadable);
    }
  }

  /** Reads values the way frameworks store them; a value of the wrong kind marks the record unreadable. */
  private static final class Reader {
    private boolean unreadable;

    String id(Object value) {
      if (value instanceof String text && !text.isBlank() && text.length() <= 256) {
        return text;
      }
      if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
        return String.valueOf(number.longValue());
      }
      unreadable |= value != null && !(value instanceof String text && text.isBlank());
      return null;
    }

    String text(Object value) {
      if (value == null || value instanceof String) {
        return (String) value;
      }
      unreadable = true;
      return null;
    }

    List<String> roles(Object value) {
      if (value == null) {
        return List.of();
      }
      if (value instanceof String text && text.startsWith("[")) {
        try {
          return roles(new JsonArray(text));
        } catch (DecodeException notJson) {
          unreadable = true;
          return List.of();
        }
      }
      if (value instanceof String text) {
        return List.of(text.split("\\s*,\\s*")).stream().filter(role -> !role.isEmpty()).toList();
      }
      if (value instanceof JsonArray array && array.size() <= 100 && array.stream().allMatch(String.class::isInstance)) {
        return array.stream().map(String.class::cast).toList();
      }
      unreadable = true;
      return List.of();
    }

    /** An ISO-8601 time, or epoch seconds or milliseconds (a number, or digits in a hash field). */
    Instant instant(Object value) {
      if (value == null) {
        return null;
      }
      try {
        if (value instanceof String text && !text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() <= 15) {
          return epoch(Long.parseLong(text));
        }
        if (value instanceof String text) {
          return Instant.parse(text);
        }
        if (value instanceof Number number && number.longValue() >= 0) {
          return epoch(number.longValue());
        }
      } catch (DateTimeException | ArithmeticException unreadableTime) {
        // falls through
      }
      unreadable = true;
      return null;
    }

    /** Up to 10^11 is seconds (until the year 5138), beyond it milliseconds. */
    private static Instant epoch(long value) {
      return value < 100_000_000_000L ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }
  }
}
