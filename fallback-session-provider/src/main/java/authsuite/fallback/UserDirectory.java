package authsuite.fallback;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Finds the account to check a password against: in the primary auth service's users table while
 * PostgreSQL answers, and only in the break-glass file while it does not. A user missing from a
 * reachable table is missing: the break-glass file is not a second chance, so that it cannot widen
 * who gets in while the real directory is there to say no.
 */
final class UserDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);
  private static final long QUERY_TIMEOUT_MS = 3_000;

  /** What a lookup found (account null when nobody matched) and where it looked. */
  record Lookup(Account account, String source) {
    boolean degraded() {
      return Account.BREAK_GLASS.equals(source);
    }
  }

  private final Optional<Pool> pool;
  private final BreakGlassUsers breakGlass;
  private final String byUsername;
  private final String byEmail;

  UserDirectory(Optional<Pool> pool, BreakGlassUsers breakGlass, FallbackSettings.UsersTable table) {
    this.pool = pool;
    this.breakGlass = breakGlass;
    String select = "SELECT " + quoted(table.id()) + "::text, " + quoted(table.email()) + ", " + quoted(table.username()) + ", "
        + quoted(table.password()) + ", " + quoted(table.active()) + " FROM " + quotedTable(table.table()) + " WHERE ";
    this.byUsername = select + quoted(table.username()) + " = $1 LIMIT 1";
    this.byEmail = select + quoted(table.email()) + " = $1 LIMIT 1";
  }

  /** @param byEmail whether {@code identifier} is an email address rather than a username */
  Future<Lookup> find(String identifier, boolean byEmail) {
    if (pool.isEmpty()) {
      return fromBreakGlass(identifier);
    }
    return pool.get().preparedQuery(byEmail ? this.byEmail : byUsername).execute(Tuple.of(identifier))
        .timeout(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(rows -> new Lookup(rows.size() == 0 ? null : account(rows.iterator().next()), Account.USERS_TABLE))
        .recover(down -> {
          LOG.warn("users table unreachable; break-glass file only", kv("error", String.valueOf(down.getMessage())));
          return fromBreakGlass(identifier);
        });
  }

  private Future<Lookup> fromBreakGlass(String identifier) {
    return breakGlass.find(identifier).map(found -> new Lookup(found.orElse(null), Account.BREAK_GLASS));
  }

  private static Account account(Row row) {
    return new Account(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
        Boolean.TRUE.equals(row.getBoolean(4)), Account.USERS_TABLE);
  }

  /** Identifiers are checked at start to be plain lower-case names (ConfigRules); quoting keeps reserved words usable. */
  private static String quoted(String identifier) {
    return '"' + identifier + '"';
  }

  private static String quotedTable(String table) {
    int dot = table.indexOf('.');
    return dot < 0 ? quoted(table) : quoted(table.substring(0, dot)) + "." + quoted(table.substring(dot + 1));
  }
}
