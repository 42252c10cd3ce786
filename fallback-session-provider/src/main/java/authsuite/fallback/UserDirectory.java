package authsuite.fallback;

import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Finds the account to check a password against: in the primary auth service's users table while
 * PostgreSQL answers, and only in the break-glass file while it does not. A user missing from a
 * reachable table is missing: the break-glass file is not a second chance, so that it cannot widen
 * who gets in while the real directory is there to say no. PostgreSQL is asked through the
 * {@link DatabaseCircuit}: when it does not answer, the lookup says so ({@link Lookup#usersUnavailable()}),
 * and only a break-glass account can be granted, since nobody else can be told apart from a wrong password.
 */
final class UserDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

  /**
   * What a lookup found (account null when nobody matched) and where it looked.
   * @param usersUnavailable the users table was there to ask and did not answer: a miss is "cannot tell", not "no"
   */
  record Lookup(Account account, String source, boolean usersUnavailable) {
    boolean degraded() {
      return Account.BREAK_GLASS.equals(source);
    }
  }

  private final Optional<Pool> pool;
  private final Optional<DatabaseCircuit> circuit;
  private final BreakGlassUsers breakGlass;
  private final String byUsername;
  private final String byEmail;

  UserDirectory(Optional<Pool> pool, Optional<DatabaseCircuit> circuit, BreakGlassUsers breakGlass, FallbackSettings.UsersTable table) {
    this.pool = pool;
    this.circuit = circuit;
    this.breakGlass = breakGlass;
    String select = "SELECT " + quoted(table.id()) + "::text, " + quoted(table.email()) + ", " + quoted(table.username()) + ", "
        + quoted(table.password()) + ", " + quoted(table.active()) + " FROM " + quotedTable(table.table()) + " WHERE ";
    this.byUsername = select + quoted(table.username()) + " = $1 LIMIT 1";
    this.byEmail = select + quoted(table.email()) + " = $1 LIMIT 1";
  }

  /** @param byEmail whether {@code identifier} is an email address rather than a username */
  Future<Lookup> find(String identifier, boolean byEmail) {
    if (pool.isEmpty() || circuit.isEmpty()) {
      return fromBreakGlass(identifier, false);
    }
    String query = byEmail ? this.byEmail : byUsername;
    return circuit.get().call(() -> pool.get().preparedQuery(query).execute(Tuple.of(identifier)))
        .map(rows -> new Lookup(rows.size() == 0 ? null : account(rows.iterator().next()), Account.USERS_TABLE, false))
        .recover(down -> {
          if (!(down instanceof OpenCircuitException)) {
            LOG.warn("users table unreachable; break-glass file only", kv("error", String.valueOf(down.getMessage())));
          }
          return fromBreakGlass(identifier, true);
        });
  }

  private Future<Lookup> fromBreakGlass(String identifier, boolean usersUnavailable) {
    return breakGlass.find(identifier).map(found -> new Lookup(found.orElse(null), Account.BREAK_GLASS, usersUnavailable));
  }

  private static Account account(Row row) {
    return new Account(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
        Boolean.TRUE.equals(row.getBoolean(4)), Account.USERS_TABLE);
  }

  /** Identifiers are checked at start to be plain lower-case names (FallbackSettings); quoting keeps reserved words usable. */
  private static String quoted(String identifier) {
    return '"' + identifier + '"';
  }

  private static String quotedTable(String table) {
    int dot = table.indexOf('.');
    return dot < 0 ? quoted(table) : quoted(table.substring(0, dot)) + "." + quoted(table.substring(dot + 1));
  }
}
