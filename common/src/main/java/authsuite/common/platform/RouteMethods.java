package authsuite.common.platform;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which methods each path of a service answers, read from its routers once they are built: what a 405's
 * {@code Allow} lists (RFC 9110 15.5.6). vertx-web collects these itself, but loses them when the route
 * lives in a sub-router (the OpenAPI one) and does not pass them to an error handler.
 */
final class RouteMethods {
  /** Route metadata: a GET route that must not also answer HEAD (a stream or an upgrade has no "headers only"). */
  static final String GET_ONLY = "authsuite.get-only";

  private final List<Entry> entries = new ArrayList<>();

  private record Entry(String exact, String prefix, Pattern regex, Set<HttpMethod> methods) {
    boolean matches(String path) {
      if (regex != null) {
        return regex.matcher(path).matches();
      }
      if (prefix != null) {
        return path.startsWith(prefix);
      }
      return path.equals(exact) || path.equals(exact + "/");
    }
  }

  /**
   * Lets every GET route of these routers answer HEAD too (Vert.x then writes the headers GET would, without
   * the body), and records each route's methods.
   */
  static RouteMethods of(Router... routers) {
    RouteMethods index = new RouteMethods();
    for (Router router : routers) {
      for (Route route : router.getRoutes()) {
        if (route.methods() != null && route.methods().contains(HttpMethod.GET) && route.getMetadata(GET_ONLY) == null) {
          route.method(HttpMethod.HEAD);
        }
        index.add(route);
      }
    }
    return index;
  }

  private void add(Route route) {
    if (route.getSubRouter() != null || route.methods() == null || route.methods().isEmpty()) {
      return;
    }
    if (route.isRegexPath()) {
      // a regex route's name is its pattern unless one was given
      entries.add(new Entry(null, null, Pattern.compile(route.getName()), Set.copyOf(route.methods())));
      return;
    }
    String path = route.getPath();
    if (path == null) {
      return;
    }
    if (!route.isExactPath()) {
      entries.add(new Entry(null, path.endsWith("*") ? path.substring(0, path.length() - 1) : path, null, Set.copyOf(route.methods())));
    } else {
      entries.add(new Entry(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path, null, null,
          Set.copyOf(route.methods())));
    }
  }

  /**
   * The methods some route answers at this path, as an {@code Allow} value ({@code GET, HEAD}); empty when none
   * does, or when one takes this very method (it found nothing to answer with: a 404, not a 405).
   */
  String allowedAt(String path, HttpMethod method) {
    Set<String> names = new TreeSet<>();
    for (Entry entry : entries) {
      if (entry.matches(path)) {
        if (entry.methods().contains(method)) {
          return "";
        }
        entry.methods().forEach(allowed -> names.add(allowed.name()));
      }
    }
    return String.join(", ", names);
  }
}
