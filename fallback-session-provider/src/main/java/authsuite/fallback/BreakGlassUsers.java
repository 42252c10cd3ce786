package authsuite.fallback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * The break-glass users file: the only source of accounts while PostgreSQL is unreachable. A JSON
 * array of {@code {"username", "email"?, "user_id"?, "hashed_password"}} (bcrypt). Read at start,
 * so that a broken file stops the service before it serves, and read again when it changes, so that
 * an operator can add someone during an outage without a restart.
 */
final class BreakGlassUsers {
  private final Vertx vertx;
  private final String path;
  private List<Account> accounts = List.of();
  private long modified = -1;

  private BreakGlassUsers(Vertx vertx, String path) {
    this.vertx = vertx;
    this.path = path;
  }

  /** No file configured: nobody can sign in while PostgreSQL is down. */
  static Future<BreakGlassUsers> load(Vertx vertx, Optional<String> path) {
    if (path.isEmpty()) {
      return Future.succeededFuture(new BreakGlassUsers(vertx, null));
    }
    BreakGlassUsers users = new BreakGlassUsers(vertx, path.get());
    return users.current().map(users)
        .recover(e -> Future.failedFuture(new IllegalStateException(FallbackSettingsDeclaration.BREAK_GLASS_FILE.name() + "=" + path.get() + ": " + e.getMessage())));
  }

  Future<Optional<Account>> find(String identifier) {
    if (path == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return current().map(list -> list.stream()
        .filter(a -> identifier.equals(a.username()) || identifier.equals(a.email()))
        .findFirst());
  }

  private Future<List<Account>> current() {
    return vertx.fileSystem().props(path).compose(props -> {
      if (props.lastModifiedTime() == modified) {
        return Future.succeededFuture(accounts);
      }
      return vertx.fileSystem().readFile(path).map(buffer -> {
        accounts = parse(buffer.toString());
        modified = props.lastModifiedTime();
        return accounts;
      });
    });
  }

  private static List<Account> parse(String text) {
    JsonArray entries;
    try {
      entries = new JsonArray(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a JSON array of users");
    }
    return entries.stream().map(entry -> {
      if (!(entry instanceof JsonObject user) || !(user.getValue("username") instanceof String username)
          || !(user.getValue("hashed_password") instanceof String hash) || !hash.startsWith("$2")) {
        throw new IllegalArgumentException("each user needs a string username and a bcrypt hashed_password");
      }
      String id = user.getValue("user_id") == null ? username : String.valueOf(user.getValue("user_id"));
      return new Account(id, user.getString("email"), username, hash, true, Account.BREAK_GLASS);
    }).toList();
  }
}
