package authsuite.common.jwt.revocation.impl;

import authsuite.common.jwt.revocation.impl.Revocation.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;

import java.util.function.Consumer;

/** The embedded-mode store: a Vert.x local map, so that a verticle started later in the JVM loads what was revoked. */
final class LocalRevocationStore implements RevocationStore {

  static final String MAP_NAME = "authsuite.revocations";
  private static final String UNTIL_MS = "until_ms";
  private static final String NOT_BEFORE = "not_before_ms";

  private final LocalMap<String, JsonObject> entries;

  LocalRevocationStore(Vertx vertx) {
    this.entries = vertx.sharedData().getLocalMap(MAP_NAME);
  }

  @Override
  public Future<Void> write(Revocation revocation) {
    JsonObject written = new JsonObject()
      .put(UNTIL_MS, revocation.untilMs())
      .put(NOT_BEFORE, revocation.notBeforeMs());
    entries.merge(revocation.kind().label + ':' + revocation.id(), written, (held, added) -> new JsonObject()
      .put(UNTIL_MS, Math.max(held.getLong(UNTIL_MS), added.getLong(UNTIL_MS)))
      .put(NOT_BEFORE, Math.max(held.getLong(NOT_BEFORE), added.getLong(NOT_BEFORE))));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> loadInto(Consumer<Revocation> sink) {
    long now = System.currentTimeMillis();
    entries.entrySet().forEach(entry -> {
      long untilMs = entry.getValue().getLong(UNTIL_MS);
      if (untilMs <= now) {
        entries.removeIfPresent(entry.getKey(), entry.getValue());
        return;
      }
      int colon = entry.getKey().indexOf(':');
      Kind kind = Kind.ofLabel(entry.getKey().substring(0, colon));
      sink.accept(new Revocation(kind, entry.getKey().substring(colon + 1), untilMs,
        entry.getValue().getLong(NOT_BEFORE)));
    });
    return Future.succeededFuture();
  }
}
