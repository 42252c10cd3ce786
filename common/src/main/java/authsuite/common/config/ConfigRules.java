package authsuite.common.config;

import authsuite.common.SuiteService;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** The validation behind {@link SuiteConfig#from}: every rule runs, every problem is reported. */
final class ConfigRules {
  private static final Set<String> ISSUER_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  private static final Pattern CORS_ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:]+\\](:[0-9]{1,5})?");

  private ConfigRules() {
  }

  /** Every problem of every setting declared on the class path: this module's, and each service's own. */
  static List<ConfigProblem> check(JsonObject values) {
    List<ConfigProblem> problems = new ArrayList<>();
    SettingsDeclaration.check(values, problems);
    return problems;
  }

  /** The rules of the settings this module reads that one setting alone cannot state. */
  static void checkCommon(JsonObject values, List<ConfigProblem> problems) {
    Profile profile = checkProfile(values, problems);
    checkSecrets(values, problems);
    if (profile == Profile.PROD) {
      for (String dependency : List.of(SuiteConfig.REDIS_URL, SuiteConfig.DATABASE_URL)) {
        if (text(values, dependency) == null) {
          problems.add(new ConfigProblem(dependency, "missing (required in the prod profile; or set " + dependency + "_FILE)"));
        }
      }
    }
    checkRedis(values, problems);
    checkUrl(values, SuiteConfig.DATABASE_URL, Set.of("postgresql", "postgres"), problems);
    checkUrl(values, SuiteConfig.PRIMARY_AUTH_URL, Set.of("http", "https"), problems);
    checkUrl(values, SuiteConfig.CHAT_UPSTREAM_URL, Set.of("ws", "wss", "http", "https"), problems);
    for (SuiteService service : SuiteService.values()) {
      checkUrl(values, service.urlVariable(), Set.of("http", "https"), problems);
    }
    checkCorsOrigins(values, problems);
    checkIssuers(values.getValue(SuiteConfig.JWT_ISSUERS), problems);
  }

  private static Profile checkProfile(JsonObject values, List<ConfigProblem> problems) {
    String profile = text(values, SuiteConfig.SUITE_PROFILE);
    if (profile == null) {
      return Profile.DEV;
    }
    try {
      return Profile.parse(profile);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(SuiteConfig.SUITE_PROFILE, "must be dev or prod, was '" + profile + "'"));
      return Profile.DEV;
    }
  }

  private static void checkSecrets(JsonObject values, List<ConfigProblem> problems) {
    for (String name : List.of(Secrets.JWT_SECRET_KEY, Secrets.JWT_SECRET_KEY_PREVIOUS, Secrets.SERVICE_SECRET, Secrets.EMERGENCY_SIGNING_KEY)) {
      String secret = text(values, name);
      if (secret == null) {
        if (Secrets.REQUIRED.contains(name) && text(values, name + "_FILE") == null) {
          problems.add(new ConfigProblem(name, "missing (required; set " + name + " or " + name + "_FILE)"));
        }
      } else if (Secrets.byteLength(secret) < Secrets.MIN_HMAC_KEY_BYTES) {
        problems.add(new ConfigProblem(name, "too short for HS256: " + Secrets.byteLength(secret)
            + " bytes, at least " + Secrets.MIN_HMAC_KEY_BYTES + " required"));
      }
    }
    String jwt = text(values, Secrets.JWT_SECRET_KEY);
    String service = text(values, Secrets.SERVICE_SECRET);
    String emergency = text(values, Secrets.EMERGENCY_SIGNING_KEY);
    String previous = text(values, Secrets.JWT_SECRET_KEY_PREVIOUS);
    if (emergency != null && (emergency.equals(jwt) || emergency.equals(service) || emergency.equals(previous))) {
      problems.add(new ConfigProblem(Secrets.EMERGENCY_SIGNING_KEY, "must differ from every other key"));
    }
    if (service != null && (service.equals(jwt) || service.equals(previous))) {
      problems.add(new ConfigProblem(Secrets.SERVICE_SECRET, "must differ from JWT_SECRET_KEY and JWT_SECRET_KEY_PREVIOUS"));
    }
  }

  private static void checkRedis(JsonObject values, List<ConfigProblem> problems) {
    String urls = text(values, SuiteConfig.REDIS_URL);
    String mode = text(values, SuiteConfig.REDIS_MODE);
    if (urls == null) {
      return;
    }
    List<String> nodes = SuiteConfig.splitList(urls);
    if (nodes.isEmpty()) {
      problems.add(new ConfigProblem(SuiteConfig.REDIS_URL, "is empty"));
    }
    for (String node : nodes) {
      String problem = urlProblem(node, Set.of("redis", "rediss"));
      if (problem != null) {
        problems.add(new ConfigProblem(SuiteConfig.REDIS_URL, problem));
      }
    }
    if ("standalone".equalsIgnoreCase(Objects.requireNonNullElse(mode, "standalone")) && nodes.size() > 1) {
      problems.add(new ConfigProblem(SuiteConfig.REDIS_URL, "lists " + nodes.size() + " nodes; set REDIS_MODE=sentinel or cluster"));
    }
    if ("sentinel".equalsIgnoreCase(mode) && text(values, SuiteConfig.REDIS_MASTER_NAME) == null) {
      problems.add(new ConfigProblem(SuiteConfig.REDIS_MASTER_NAME, "missing (required with REDIS_MODE=sentinel)"));
    }
  }

  private static void checkUrl(JsonObject values, String name, Set<String> schemes, List<ConfigProblem> problems) {
    String url = text(values, name);
    if (url != null) {
      String problem = urlProblem(url, schemes);
      if (problem != null) {
        problems.add(new ConfigProblem(name, problem));
      }
    }
  }

  /** The problem with a URL, worded without echoing it: URLs may carry passwords. */
  private static String urlProblem(String url, Set<String> schemes) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase())) {
        return "must be a URL with scheme " + String.join(" or ", schemes.stream().sorted().toList());
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        return "must name a host";
      }
      return null;
    } catch (URISyntaxException e) {
      return "is not a valid URL (" + e.getReason() + ")";
    }
  }

  /** Exact browser origins, comma-separated: scheme, host and optional port, nothing else (no wildcard, no path). */
  private static void checkCorsOrigins(JsonObject values, List<ConfigProblem> problems) {
    String origins = text(values, SuiteConfig.CORS_ALLOWED_ORIGINS);
    if (origins == null) {
      return;
    }
    for (String origin : origins.split(",")) {
      String trimmed = origin.trim();
      if (!CORS_ORIGIN.matcher(trimmed).matches()) {
        problems.add(new ConfigProblem(SuiteConfig.CORS_ALLOWED_ORIGINS,
            "must be comma-separated origins like https://app.example.com or http://127.0.0.1:3000 (no path, no wildcard), was '" + trimmed + "'"));
      }
    }
  }

  private static void checkIssuers(Object raw, List<ConfigProblem> problems) {
    JsonArray issuers;
    try {
      issuers = jsonArray(raw);
    } catch (DecodeException | ClassCastException e) {
      problems.add(new ConfigProblem(SuiteConfig.JWT_ISSUERS, "must be a JSON array of issuer objects"));
      return;
    }
    for (int i = 0; i < issuers.size(); i++) {
      String where = SuiteConfig.JWT_ISSUERS + "[" + i + "]";
      if (!(issuers.getValue(i) instanceof JsonObject issuer)) {
        problems.add(new ConfigProblem(where, "must be an object with at least \"issuer\""));
        continue;
      }
      if (!(issuer.getValue("issuer") instanceof String url) || urlProblem(url, Set.of("http", "https")) != null) {
        problems.add(new ConfigProblem(where + ".issuer", "required, an http(s) URL"));
      }
      if (issuer.getValue("jwks_uri") instanceof String jwks && urlProblem(jwks, Set.of("http", "https")) != null) {
        problems.add(new ConfigProblem(where + ".jwks_uri", "must be an http(s) URL"));
      }
      if (issuer.getValue("algorithms") instanceof JsonArray algorithms) {
        for (Object algorithm : algorithms) {
          if (!ISSUER_ALGORITHMS.contains(String.valueOf(algorithm))) {
            problems.add(new ConfigProblem(where + ".algorithms", "'" + algorithm + "' is not an allowed algorithm"));
          }
        }
      }
      if (issuer.containsKey("leeway_s") && !(issuer.getValue("leeway_s") instanceof Number leeway && leeway.intValue() >= 0 && leeway.intValue() <= 300)) {
        problems.add(new ConfigProblem(where + ".leeway_s", "must be a number of seconds between 0 and 300"));
      }
    }
  }

  /**
   * A setting that holds a JSON array ({@code JWT_ISSUERS}, {@code SESSION_SOURCES}): its text from the
   * environment, or an array from suite.yaml; empty when unset.
   */
  static JsonArray jsonArray(Object raw) {
    if (raw == null) {
      return new JsonArray();
    }
    if (raw instanceof JsonArray array) {
      return array;
    }
    String text = raw.toString().trim();
    return text.isEmpty() ? new JsonArray() : new JsonArray(text);
  }

  static String text(JsonObject values, String name) {
    Object value = values.getValue(name);
    if (value == null) {
      return null;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? null : text;
  }
}
