package authsuite.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every setting name the suite reads (every module's {@link SettingsDeclaration}), and the environment variables that look like one of them but are
 * not: another platform's name for a setting ({@code JWT_SECRET_FILE} for {@code JWT_SECRET_KEY_FILE}) or
 * a near miss of ours ({@code REDIS_URI}). Such a variable would otherwise be ignored, and the suite would
 * run on a default (in dev, a generated JWT secret that rejects every token of the real primary).
 * Only variables that look like ours are considered: a foreign name listed here, or one that starts with
 * the first word of one of our names (or that word with one letter wrong); PATH, HOME, JAVA_HOME and
 * Kubernetes' service links never are.
 */
public final class SettingNames {
  private static final String SERVICE_ARGUMENTS = "the launcher's service arguments (java -jar authsuite.jar <service>...; "
      + "each service names itself, no variable sets it)";

  /** Sections the configuration file may hold besides flat settings ({@code jwt: {issuers: [...]}}, {@code session: {sources: [...]}}). */
  private static final Set<String> FILE_SECTIONS = Set.of("jwt", "session");

  /** Other platforms' names for our settings, and the setting each probably means. */
  private static final Map<String, String> FOREIGN = Map.ofEntries(
      Map.entry("JWT_SECRET_FILE", Secrets.JWT_SECRET_KEY + "_FILE"),
      Map.entry("JWT_SECRET", Secrets.JWT_SECRET_KEY),
      Map.entry("JWT_SECRET_PREVIOUS", Secrets.JWT_SECRET_KEY_PREVIOUS),
      Map.entry("AUTH_SERVICE_URL", SuiteConfig.PRIMARY_AUTH_URL),
      Map.entry("STAGING_AUTH_URL", SuiteConfig.PRIMARY_AUTH_URL),
      Map.entry("LOG_LEVEL", "AUTHSUITE_LOG_LEVEL"),
      Map.entry("SERVICE_NAME", SERVICE_ARGUMENTS),
      Map.entry("CORS_ORIGINS", SuiteConfig.CORS_ALLOWED_ORIGINS),
      Map.entry("BACKEND_PORT", "the port of each service (<SERVICE>_PORT, e.g. JWT_TOKEN_ADAPTER_PORT)"),
      Map.entry("POSTGRES_PASSWORD", SuiteConfig.DATABASE_URL + " (the password goes in the URL; or DATABASE_URL_FILE)"));

  /** Endings that name a file's path, for a known name followed by one of them. */
  private static final Set<String> PATH_ENDINGS = Set.of("PATH", "FILE_PATH", "FILENAME", "FILE_NAME", "LOCATION");
  /** Last words that mean an address, where ours say URL. */
  private static final Set<String> ADDRESS_WORDS = Set.of("URL", "URI", "URLS", "ADDR", "ADDRESS", "ENDPOINT", "DSN", "HOST");
  /** Kubernetes' service links: {@code <SVC>_SERVICE_HOST}, {@code <SVC>_SERVICE_PORT[_<name>]}, {@code <SVC>_PORT_<n>_TCP[_ADDR]}. */
  private static final Pattern SERVICE_LINK =
      Pattern.compile("[A-Z0-9_]+_SERVICE_(HOST|PORT)(_[A-Z0-9_]+)?|[A-Z0-9_]+_PORT_[0-9]+_(TCP|UDP|SCTP)(_[A-Z]+)?");
  private static final Pattern SERVICE_LINK_ADDRESS = Pattern.compile("(tcp|udp|sctp)://.*");
  private static final int MAX_DISTANCE = 2;
  private static final int MIN_LENGTH_FOR_DISTANCE = 6;

  private static final Set<String> KNOWN = collectKnown();
  private static final Set<String> PREFIXES = collectPrefixes();

  private SettingNames() {
  }

  /** Every setting name the suite reads. */
  public static Set<String> known() {
    return KNOWN;
  }

  /** What this variable probably means, if it looks like one of our settings without being one. */
  public static Optional<String> probableMeaning(String name, String value) {
    if (KNOWN.contains(name)) {
      return Optional.empty();
    }
    if (FOREIGN.containsKey(name)) {
      return Optional.of(FOREIGN.get(name));
    }
    if (!looksLikeOurs(name) || isServiceLink(name, value)) {
      return Optional.empty();
    }
    // nearest first: JWT_SECRET_KEY_FLIE is JWT_SECRET_KEY_FILE misspelled, not JWT_SECRET_KEY with an ending
    return nearest(name).or(() -> withWrongEnding(name));
  }

  /**
   * One problem per foreign or misspelled variable of the environment, in name order, each naming the
   * variable found and the setting it probably means (never its value: it may be a secret).
   */
  public static List<ConfigProblem> misnamed(Map<String, String> environment) {
    List<ConfigProblem> problems = new ArrayList<>();
    new TreeMap<>(environment).forEach((name, value) -> probableMeaning(name, value).ifPresent(meant ->
        problems.add(new ConfigProblem(name, "is not a setting of the suite and is ignored; probably means " + meant))));
    return problems;
  }

  /**
   * The keys of the suite's own configuration file that name no setting. Unlike the environment, which
   * holds everyone's variables, every key there is meant for the suite, so each unknown one is named,
   * with the setting it probably means when there is one.
   */
  public static List<ConfigProblem> unknownFileKeys(String file, java.util.Collection<String> keys) {
    List<ConfigProblem> problems = new ArrayList<>();
    new TreeSet<>(keys).forEach(key -> {
      if (KNOWN.contains(key) || FILE_SECTIONS.contains(key)) {
        return;
      }
      String meant = probableMeaning(key, null).map(setting -> "; probably means " + setting).orElse(" (no setting has this name)");
      problems.add(new ConfigProblem(file + ": " + key, "is not a setting of the suite and is ignored" + meant));
    });
    return problems;
  }

  private static boolean looksLikeOurs(String name) {
    int underscore = name.indexOf('_');
    if (underscore <= 0) {
      return false;
    }
    String first = name.substring(0, underscore);
    return PREFIXES.contains(first)
        || (first.length() >= 4 && PREFIXES.stream().anyMatch(prefix -> prefix.length() >= 4 && distance(first, prefix) <= 1));
  }

  private static boolean isServiceLink(String name, String value) {
    return SERVICE_LINK.matcher(name).matches() || (value != null && SERVICE_LINK_ADDRESS.matcher(value).matches());
  }

  /** A known name with something after it ({@code JWT_SECRET_KEY_PATH}), or with another word for URL ({@code REDIS_URI}). */
  private static Optional<String> withWrongEnding(String name) {
    String longest = null;
    for (String known : KNOWN) {
      if (name.startsWith(known + "_") && (longest == null || known.length() > longest.length())) {
        longest = known;
      }
    }
    if (longest != null) {
      String ending = name.substring(longest.length() + 1);
      boolean path = PATH_ENDINGS.contains(ending) || ending.endsWith("_PATH");
      return Optional.of(path && KNOWN.contains(longest + "_FILE") ? longest + "_FILE" : longest);
    }
    int last = name.lastIndexOf('_');
    if (last > 0 && ADDRESS_WORDS.contains(name.substring(last + 1))) {
      String stem = name.substring(0, last);
      for (String known : KNOWN) {
        if (known.equals(stem + "_URL")) {
          return Optional.of(known);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nearest(String name) {
    if (name.length() < MIN_LENGTH_FOR_DISTANCE) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String known : KNOWN) {
      int distance = distance(name, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Every declared setting, and {@code <NAME>_FILE} for each secret. */
  private static Set<String> collectKnown() {
    Set<String> names = new TreeSet<>();
    for (Setting setting : SettingsDeclaration.all()) {
      names.add(setting.name());
      if (setting.isSecret()) {
        names.add(setting.name() + "_FILE");
      }
    }
    return Collections.unmodifiableSet(names);
  }

  private static Set<String> collectPrefixes() {
    Set<String> prefixes = new TreeSet<>();
    for (String name : KNOWN) {
      int underscore = name.indexOf('_');
      if (underscore > 0) {
        prefixes.add(name.substring(0, underscore));
      }
    }
    return prefixes;
  }
}
