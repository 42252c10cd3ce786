package authsuite.common.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code SESSION_SOURCES}: a platform's existing session stores that the session-validation-normalizer reads in
 * place (docs/configuration.md, "Existing session stores"). A JSON array from the environment, or the same objects under
 * {@code session: {sources: [...]}} in suite.yaml; each object names one store and how to read it. Checked here
 * with every problem named by source and field at once, so that a start and check-config refuse the same things;
 * the service builds its readers from {@link #from}, which trusts a checked configuration.
 */
public final class SessionSources {
  public static final String SESSION_SOURCES = "SESSION_SOURCES";
  public static final String EXPRESS = "express-session";
  public static final String JSON = "json";
  public static final List<String> FORMATS = List.of(EXPRESS, JSON);
  /** What a source may name in {@code fields}: where the identity's parts are in the stored document. */
  public static final List<String> FIELDS = List.of("user_id", "email", "username", "roles", "expires_at", "issued_at");
  /** Ids the suite itself answers as a session's source; a source of the same name would be ambiguous. */
  private static final Set<String> RESERVED_NAMES = Set.of("jwt", "redis_session", "emergency", "legacy");
  /** Headers the credential chain reads already, which no source may claim. */
  private static final Set<String> CHAIN_HEADERS = Set.of("authorization", "x-session-id", "cookie");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern COOKIE = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_$-]{1,64}(\\.[A-Za-z0-9_$-]{1,64}){0,7}");
  private static final Set<String> KEYS = Set.of("name", "format", "cookie", "header", "key_prefix", "key_template",
      "hash", "signing", "secrets", "secret_files", "fields");

  /**
   * One checked source. {@code keyTemplate} holds {@code {id}} where the session id goes; {@code signed} means the
   * id arrives as express-session signs it ({@code s:<id>.<HMAC-SHA256>}) and any of {@code secrets} may verify it.
   */
  public record Source(String name, String format, String cookie, String header, String keyTemplate, boolean hash,
                       boolean signed, List<String> secrets, Map<String, String> fields) {
    @Override
    public String toString() {
      return "Source[" + name + ", " + format + ", secrets=" + secrets.size() + " redacted]";
    }
  }

  private SessionSources() {
  }

  /** The sources as configured: a JSON array, or its text from the environment; empty when unset. */
  public static JsonArray array(Object raw) {
    return ConfigRules.jsonArray(raw);
  }

  /** The checked configuration's sources. */
  public static List<Source> from(Object raw) {
    List<Source> sources = new ArrayList<>();
    for (Object item : array(raw)) {
      JsonObject source = (JsonObject) item;
      String format = source.getString("format");
      boolean express = EXPRESS.equals(format);
      String template = source.getString("key_template");
      if (template == null) {
        template = source.getString("key_prefix", express ? "sess:" : "") + "{id}";
      }
      String cookie = source.getString("cookie", express && source.getString("header") == null ? "connect.sid" : null);
      boolean signed = express || "express".equals(source.getString("signing"));
      Map<String, String> fields = new LinkedHashMap<>();
      JsonObject configured = source.getJsonObject("fields", new JsonObject());
      for (String field : FIELDS) {
        if (configured.getValue(field) instanceof String path) {
          fields.put(field, path);
        }
      }
      List<String> secrets = source.getJsonArray("secrets", new JsonArray()).stream().map(String::valueOf).toList();
      sources.add(new Source(source.getString("name"), format, cookie, source.getString("header"), template,
          Boolean.TRUE.equals(source.getValue("hash")), signed, secrets, Map.copyOf(fields)));
    }
    return sources;
  }

  /** Every problem of {@code SESSION_SOURCES}, each naming the source ({@code SESSION_SOURCES[i] (name)}) and its field. */
  public static List<ConfigProblem> check(JsonObject values, String nativeCookie) {
    List<ConfigProblem> problems = new ArrayList<>();
    JsonArray sources;
    try {
      sources = array(values.getValue(SESSION_SOURCES));
    } catch (DecodeException | ClassCastException e) {
      problems.add(new ConfigProblem(SESSION_SOURCES, "must be a JSON array of source objects, e.g. "
          + "[{\"name\": \"web\", \"format\": \"express-session\", \"cookie\": \"connect.sid\", \"key_prefix\": \"sess:\", \"secrets\": [\"...\"]}]"));
      return problems;
    }
    if (!sources.isEmpty() && ConfigRules.text(values, SuiteConfig.REDIS_URL) == null) {
      problems.add(new ConfigProblem(SESSION_SOURCES, "the sources are read from the suite's Redis: set REDIS_URL too"));
    }
    Set<String> names = new HashSet<>();
    Set<String> cookies = new HashSet<>();
    Set<String> headers = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      if (!(sources.getValue(i) instanceof JsonObject source)) {
        problems.add(new ConfigProblem(SESSION_SOURCES + "[" + i + "]", "must be an object with name and format"));
        continue;
      }
      String name = source.getValue("name") instanceof String text ? text : null;
      String where = SESSION_SOURCES + "[" + i + "]" + (name != null && NAME.matcher(name).matches() ? " (" + name + ")" : "");
      Checker check = new Checker(where, problems);
      for (String key : source.fieldNames()) {
        if (!KEYS.contains(key)) {
          check.problem(key, "is not a field of a session source (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
      }
      if (name == null || !NAME.matcher(name).matches()) {
        check.problem("name", "required: 1-32 of a-z, 0-9, _ and -, starting with a letter or digit");
      } else if (RESERVED_NAMES.contains(name)) {
        check.problem("name", "'" + name + "' is the suite's own source name; choose another");
      } else if (!names.add(name)) {
        check.problem("name", "another source has this name already");
      }
      Object format = source.getValue("format");
      if (!FORMATS.contains(format)) {
        check.problem("format", (format == null ? "required" : "unknown format '" + format + "'") + "; one of " + String.join(", ", FORMATS));
        continue;
      }
      boolean express = EXPRESS.equals(format);
      String cookie = check.text(source, "cookie");
      String header = check.text(source, "header");
      if (express && cookie == null && header == null) {
        cookie = "connect.sid";
      }
      if (cookie == null && header == null) {
        check.problem("cookie", "a source needs a cookie or a header to find its session id in");
      }
      if (cookie != null) {
        if (!COOKIE.matcher(cookie).matches()) {
          check.problem("cookie", "must be a cookie name (1-64 token characters)");
        } else if (cookie.equals(nativeCookie)) {
          check.problem("cookie", "'" + cookie + "' is the suite's own session cookie (SESSION_COOKIE_NAME); a source needs a cookie of its own");
        } else if (!cookies.add(cookie)) {
          check.problem("cookie", "'" + cookie + "' is read by another source already");
        }
      }
      if (header != null) {
        if (!COOKIE.matcher(header).matches()) {
          check.problem("header", "must be a header name (1-64 token characters)");
        } else if (CHAIN_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
          check.problem("header", "'" + header + "' is read by the suite's own credential chain; a source needs a header of its own");
        } else if (!headers.add(header.toLowerCase(Locale.ROOT))) {
          check.problem("header", "'" + header + "' is read by another source already");
        }
      }
      String template = check.text(source, "key_template");
      String prefix = check.text(source, "key_prefix");
      if (template != null && prefix != null) {
        check.problem("key_template", "set key_template or key_prefix, not both");
      } else if (template != null && (template.indexOf("{id}") < 0 || template.indexOf("{id}") != template.lastIndexOf("{id}"))) {
        check.problem("key_template", "must hold {id} exactly once, where the session id goes (e.g. myapp:session:{id})");
      } else if (!express && template == null && prefix == null) {
        check.problem("key_template", "required for the json format (e.g. myapp:session:{id}), or set key_prefix");
      }
      if (source.containsKey("hash") && !(source.getValue("hash") instanceof Boolean)) {
        check.problem("hash", "must be true or false");
      } else if (express && Boolean.TRUE.equals(source.getValue("hash"))) {
        check.problem("hash", "connect-redis stores a JSON string; hash applies to the json format only");
      }
      String signing = check.text(source, "signing");
      if (signing != null && !Set.of("none", "express").contains(signing)) {
        check.problem("signing", "must be none or express (s:<id>.<HMAC-SHA256>, as cookie-signature signs)");
      } else if (express && "none".equals(signing)) {
        check.problem("signing", "express-session cookies are always signed; leave signing out");
      }
      boolean signed = express || "express".equals(signing);
      checkSecrets(source, signed, check);
      checkFields(source, express, check);
    }
    return problems;
  }

  private static void checkSecrets(JsonObject source, boolean signed, Checker check) {
    Object secrets = source.getValue("secrets");
    Object files = source.getValue("secret_files");
    if (secrets != null && (!(secrets instanceof JsonArray array) || array.stream().anyMatch(s -> !(s instanceof String text) || text.isEmpty()))) {
      check.problem("secrets", "must be an array of non-empty strings (several: a rotation, any of them may verify)");
      return;
    }
    if (files != null && (!(files instanceof JsonArray array) || array.stream().anyMatch(s -> !(s instanceof String text) || text.isBlank()))) {
      check.problem("secret_files", "must be an array of file paths, each holding one secret");
      return;
    }
    boolean any = secrets instanceof JsonArray array && !array.isEmpty();
    if (signed && !any) {
      // secret_files are read into secrets at load; when they are left, a file could not be read (named separately)
      check.problem("secrets", "missing: a signed source needs its framework's secret (secrets, or secret_files for files)");
    } else if (!signed && (any || files != null)) {
      check.problem("secrets", "this source's ids are not signed (signing: none); set signing: express or drop the secrets");
    }
  }

  private static void checkFields(JsonObject source, boolean express, Check check) {
    Object fields = source.getValue("fields");
    if (fields == null) {
      if (!express) {
        check.problem("fields", "required for the json format: at least {\"user_id\": \"<path>\"}");
      }
      return;
    }
    if (!(fields instanceof JsonObject paths)) {
      check.problem("fields", "must be an object of " + String.join(", ", FIELDS) + " to dotted paths (user.id)");
      return;
    }
    for (String field : paths.fieldNames()) {
      if (!FIELDS.contains(field)) {
        check.problem("fields." + field, "is not a field the suite reads (known: " + String.join(", ", FIELDS) + ")");
      } else if (!(paths.getValue(field) instanceof String path) || !PATH.matcher(path).matches()) {
        check.problem("fields." + field, "must be a dotted path of at most 8 names (e.g. user.profile.email)");
      }
    }
    if (!express && !paths.containsKey("user_id")) {
      check.problem("fields.user_id", "required for the json format: where the user id is");
    }
  }

  private interface Check {
    void problem(String field, String message);
  }

  /** The problems of one source, each named by the source and its field. */
  private record Checker(String where, List<ConfigProblem> problems) implements Check {
    @Override
    public void problem(String field, String message) {
      problems.add(new ConfigProblem(where + "." + field, message));
    }

    String text(JsonObject source, String field) {
      Object value = source.getValue(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof String text) || text.isBlank()) {
        problem(field, "must be a non-empty string");
        return null;
      }
      return text;
    }
  }
}
