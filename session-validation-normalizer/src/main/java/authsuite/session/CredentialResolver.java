package authsuite.session;

import authsuite.common.http.BearerToken;
import authsuite.common.http.JsonBody;
import authsuite.common.http.Problem;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One way a request may carry its credential. A resolver that finds its credential claims the request
 * (answers it), even when the value is garbage, so that the garbage is refused rather than passed over;
 * one that finds nothing answers null ("not mine") and the next is asked. Malformed input it cannot read
 * at all (a body that is not JSON) fails with a {@link Problem}.
 */
@FunctionalInterface
interface CredentialResolver {
  String SESSION_HEADER = "X-Session-ID";

  Credential resolve(RoutingContext ctx);

  /**
   * In the order of precedence of docs/api.md, "session-validation-normalizer (8026)": bearer, cookie, the existing session stores' cookies and headers
   * (SESSION_SOURCES, in their order), X-Session-ID, then the body's session_id or token.
   */
  static List<CredentialResolver> chain(String cookieName, List<SessionSource> sources) {
    List<CredentialResolver> chain = new java.util.ArrayList<>(List.of(bearer(), cookie(cookieName)));
    sources.forEach(source -> chain.add(source.resolver()));
    chain.add(header());
    chain.add(body());
    return List.copyOf(chain);
  }

  static CredentialResolver bearer() {
    return ctx -> {
      String token = BearerToken.of(ctx);
      return token == null ? null : new Credential(token, "bearer");
    };
  }

  static CredentialResolver cookie(String name) {
    return ctx -> {
      Cookie cookie = ctx.request().getCookie(name);
      return cookie == null || cookie.getValue().isEmpty() ? null : new Credential(cookie.getValue(), "cookie");
    };
  }

  static CredentialResolver header() {
    return ctx -> {
      String value = ctx.request().getHeader(SESSION_HEADER);
      return value == null ? null : new Credential(value.trim(), "header");
    };
  }

  static CredentialResolver body() {
    return ctx -> {
      JsonObject body = JsonBody.of(ctx);
      for (String field : List.of("session_id", "token")) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
          throw Problem.badRequest("invalid_request", field + " must be a string");
        }
        if (value != null) {
          return new Credential((String) value, "body");
        }
      }
      return null;
    };
  }
}
