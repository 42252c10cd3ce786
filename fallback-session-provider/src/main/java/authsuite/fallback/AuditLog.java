package authsuite.fallback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The audit trail of emergency sign-in: one row per attempt in {@code emergency_audit}, a table this
 * service creates itself. While PostgreSQL cannot take a row, it is appended as a JSON line to a
 * local file (asynchronously, one append at a time); every FALLBACK_AUDIT_REPLAY_MS the file is set
 * aside (renamed, so appends go on to a fresh one) and inserted in one transaction with
 * {@code ON CONFLICT (attempt_id) DO NOTHING}, then deleted. A replay cut short is simply replayed
 * again: rows already in are skipped, none is lost or doubled. A record PostgreSQL refuses for what it holds
 * is moved to {@code <file>.quarantine} for a person to read, and the others go in without it.
 */
final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int REPLAY_BATCH = 500;
  /** Any fixed number, the same in every instance: it names the migration's lock. */
  private static final long MIGRATION_LOCK = 8_027_001L;
  private static final List<String> MIGRATION = List.of("""
      CREATE TABLE IF NOT EXISTS emergency_audit (
        attempt_id uuid PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        kind text NOT NULL,
        identifier text,
        user_id text,
        client_address text,
        outcome text NOT NULL,
        source text,
        token_id text,
        token_expires_at timestamptz,
        correlation_id text,
        recorded_via text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now())""",
      "CREATE INDEX IF NOT EXISTS emergency_audit_occurred_at ON emergency_audit (occurred_at)",
      "CREATE INDEX IF NOT EXISTS emergency_audit_user_id ON emergency_audit (user_id)");
  private static final String INSERT = "INSERT INTO emergency_audit (attempt_id, occurred_at, kind, identifier, user_id,"
      + " client_address, outcome, source, token_id, token_expires_at, correlation_id, recorded_via)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (attempt_id) DO NOTHING";

  private final Vertx vertx;
  private final Optional<Pool> pool;
  private final Optional<DatabaseCircuit> circuit;
  private final long dbTimeoutMs;
  private final String file;
  private final String replaying;
  private final String quarantine;
  private final long replayEveryMs;
  private final AuditMeters meters;
  private Future<Void> fileQueue = Future.succeededFuture();
  private Future<Void> migration;
  private boolean replayRunning;
  private long timer = -1;

  AuditLog(Vertx vertx, Optional<Pool> pool, Optional<DatabaseCircuit> circuit, FallbackSettings settings, AuditMeters meters) {
    this.vertx = vertx;
    this.meters = meters;
    this.pool = pool;
    this.circuit = circuit;
    this.dbTimeoutMs = settings.dbTimeout().toMillis();
    this.file = Path.of(settings.auditFile()).toAbsolutePath().toString();
    this.replaying = file + ".replaying";
    this.quarantine = file + ".quarantine";
    this.replayEveryMs = settings.auditReplay().toMillis();
  }

  /** Makes the file's folder, tries the migration, and schedules replays; a database that is down does not stop the start. */
  Future<Void> start() {
    Path parent = Path.of(file).getParent();
    Future<Void> folder = parent == null ? Future.succeededFuture() : vertx.fileSystem().mkdirs(parent.toString());
    return folder.compose(made -> countLeftOver()).onSuccess(counted -> {
      replay();
      timer = vertx.setPeriodic(replayEveryMs, tick -> replay());
    });
  }

  /** Rows an earlier run left in the spill files count as pending; not being able to read them does not stop the start. */
  private Future<Void> countLeftOver() {
    Future<Long> current = linesIn(file);
    Future<Long> setAside = linesIn(replaying);
    return Future.all(current, setAside)
        .onSuccess(both -> meters.found(current.result() + setAside.result()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** Completes once the entry is in the table or in the file; fails only when it could be written to neither. */
  Future<Void> record(AuditEntry entry) {
    if (pool.isEmpty() || circuit.isEmpty()) {
      return appendToFile(entry);
    }
    return circuit.get().call(() -> insertNow(entry)).recover(down -> {
      LOG.warn("audit table unavailable; writing the attempt to the local file",
          kv("attempt_id", entry.attemptId().toString()), kv("error", String.valueOf(down.getMessage())));
      return appendToFile(entry);
    });
  }

  /** Stops the replays; completes once every line handed to the spill file is written (dsync) to it. */
  Future<Void> close() {
    vertx.cancelTimer(timer);
    return fileQueue;
  }

  private Future<Void> insertNow(AuditEntry entry) {
    return migrate()
        .compose(done -> pool.get().preparedQuery(INSERT).execute(entry.toTuple("direct")))
        .mapEmpty();
  }

  /**
   * Once per instance (single-flight; retried after a failure), and under a transaction-scoped advisory
   * lock, because two instances running CREATE TABLE IF NOT EXISTS at the same moment can still collide.
   */
  private Future<Void> migrate() {
    if (migration == null) {
      migration = pool.get().withTransaction(connection -> {
        Future<Void> steps = connection.query("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")").execute().mapEmpty();
        for (String statement : MIGRATION) {
          steps = steps.compose(v -> connection.query(statement).execute().mapEmpty());
        }
        return steps;
      }).timeout(dbTimeoutMs, TimeUnit.MILLISECONDS).onFailure(failed -> migration = null);
    }
    return migration;
  }

  /**
   * Appends are chained, so that lines never interleave and the replay's rename never splits one; each is
   * synced to disk (DSYNC) before the attempt is answered, since this file is the only record of it.
   */
  private Future<Void> appendToFile(AuditEntry entry) {
    Buffer line = Buffer.buffer(entry.toJson().encode()).appendString("\n");
    Future<Void> appended = fileQueue.transform(previous -> vertx.fileSystem()
        .open(file, new OpenOptions().setWrite(true).setCreate(true).setAppend(true).setDsync(true))
        .compose(open -> open.write(line).eventually(open::close)))
        .onSuccess(written -> meters.spilled());
    fileQueue = appended.otherwiseEmpty();
    return appended;
  }

  /** The records a spill file left by an earlier run holds (0 when there is none): the pending gauge starts there. */
  private Future<Long> linesIn(String path) {
    return vertx.fileSystem().exists(path).compose(exists -> !exists ? Future.succeededFuture(0L)
        : vertx.fileSystem().readFile(path).map(content -> content.toString(StandardCharsets.UTF_8).lines()
            .filter(line -> !line.isBlank()).count()));
  }

  private void replay() {
    if (pool.isEmpty() || circuit.isEmpty() || replayRunning) {
      return;
    }
    replayRunning = true;
    // through the circuit: while it is open, no replay waits on PostgreSQL
    circuit.get().call(() -> migrate().compose(done -> pool.get().query("SELECT 1").execute()))
        .compose(reachable -> setAside())
        .compose(pending -> pending ? replayFile() : Future.succeededFuture())
        .onComplete(done -> {
          replayRunning = false;
          if (done.failed()) {
            LOG.debug("audit replay postponed", kv("error", String.valueOf(done.cause().getMessage())));
          }
        });
  }

  /** True when there is a file to replay: one left by an earlier replay, or the current file, renamed in the append queue. */
  private Future<Boolean> setAside() {
    return vertx.fileSystem().exists(replaying).compose(leftOver -> {
      if (leftOver) {
        return Future.succeededFuture(true);
      }
      Future<Boolean> moved = fileQueue.transform(previous -> vertx.fileSystem().exists(file).compose(exists -> exists
          ? vertx.fileSystem().move(file, replaying).map(true)
          : Future.succeededFuture(false)));
      fileQueue = moved.<Void>mapEmpty().otherwiseEmpty();
      return moved;
    });
  }

  /**
   * The file's records in one transaction, the fast way; when PostgreSQL refuses that for what a record holds, record
   * by record, each refused one (and each unreadable line) moved to the quarantine file, so that one bad record never
   * blocks the others (docs/robustness.md, "one bad record never blocks the others"). Failing to reach PostgreSQL stops
   * the replay with the file kept: the next one starts over, and rows already in are skipped.
   */
  private Future<Void> replayFile() {
    return vertx.fileSystem().readFile(replaying).compose(content -> {
      List<Spilled> records = new ArrayList<>();
      List<String> unreadable = new ArrayList<>();
      for (String line : content.toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        try {
          AuditEntry entry = AuditEntry.fromJson(new JsonObject(line));
          records.add(new Spilled(line, entry.attemptId().toString(), entry.toTuple("replayed")));
        } catch (RuntimeException torn) {
          // the parser's message quotes the line, which may hold whatever a client typed: its type only
          LOG.warn("an unreadable audit line goes to quarantine", kv("file", quarantine), kv("error", torn.getClass().getSimpleName()));
          unreadable.add(line);
        }
      }
      return insertAll(records.stream().map(Spilled::row).toList())
          .map(allIn -> List.<String>of())
          .recover(refused -> refusedForContent(refused) ? oneByOne(records) : Future.failedFuture(refused))
          .compose(refused -> {
            List<String> quarantined = new ArrayList<>(unreadable);
            quarantined.addAll(refused);
            return quarantine(quarantined).map(refused.size());
          })
          .compose(refusedCount -> {
            LOG.info("audit file replayed into the table", kv("rows", records.size() - refusedCount),
                kv("quarantined", unreadable.size() + refusedCount));
            return vertx.fileSystem().delete(replaying).onSuccess(deleted -> meters.replayed(records.size() + unreadable.size()));
          });
    });
  }

  /** Each record on its own; answers the lines PostgreSQL refused for their content, and fails on any other failure. */
  private Future<List<String>> oneByOne(List<Spilled> records) {
    List<String> refused = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Spilled record : records) {
      chain = chain.compose(v -> pool.get().preparedQuery(INSERT).execute(record.row())
          .timeout(dbTimeoutMs, TimeUnit.MILLISECONDS).<Void>mapEmpty()
          .recover(failure -> {
            if (!refusedForContent(failure)) {
              return Future.failedFuture(failure);
            }
            // the attempt id and the SQL state only: the line itself may hold whatever a client typed
            LOG.warn("PostgreSQL refused an audit record; it goes to quarantine", kv("attempt_id", record.attemptId()),
                kv("sql_state", ((DatabaseException) failure).getSqlState()), kv("file", quarantine));
            refused.add(record.line());
            return Future.succeededFuture();
          }));
    }
    return chain.map(done -> refused);
  }

  /** Data exceptions (22: a NUL in text, say) and integrity violations (23): the record, not the database, is at fault. */
  private static boolean refusedForContent(Throwable failure) {
    return failure instanceof DatabaseException refused && refused.getSqlState() != null
        && (refused.getSqlState().startsWith("22") || refused.getSqlState().startsWith("23"));
  }

  private Future<Void> quarantine(List<String> lines) {
    if (lines.isEmpty()) {
      return Future.succeededFuture();
    }
    Buffer text = Buffer.buffer();
    lines.forEach(line -> text.appendString(line, "UTF-8").appendString("\n"));
    return vertx.fileSystem().open(quarantine, new OpenOptions().setWrite(true).setCreate(true).setAppend(true).setDsync(true))
        .compose(open -> open.write(text).eventually(open::close));
  }

  /** A line of the spill file, read back: kept as written, so that a refused one is quarantined byte for byte. */
  private record Spilled(String line, String attemptId, Tuple row) {
  }

  private Future<Void> insertAll(List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.get().withTransaction(connection -> {
      Future<Void> batches = Future.succeededFuture();
      for (int from = 0; from < rows.size(); from += REPLAY_BATCH) {
        List<Tuple> batch = rows.subList(from, Math.min(rows.size(), from + REPLAY_BATCH));
        batches = batches.compose(v -> connection.preparedQuery(INSERT).executeBatch(batch).mapEmpty());
      }
      return batches;
    });
  }
}
