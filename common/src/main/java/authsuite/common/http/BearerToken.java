package authsuite.common.http;

import authsuite.common.jwt.JwtSettings;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The credential of an {@code Authorization: Bearer <token>} header, or null. */
public final class BearerToken {
  private static final String PREFIX = "bearer ";

  private BearerToken() {
  }

  public static String of(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String token = header.substring(PREFIX.length()).trim();
    return token.isEmpty() ? null : token;
  }

  /** A token taken from a body or a header: 400 {@code missing_token} when absent, 413 {@code token_too_large} over 8 KiB. */
  public static Future<String> checked(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(Problem.badRequest("missing_token", "send a token in the body or as Authorization: Bearer"));
    }
    if (token.length() > JwtSettings.MAX_TOKEN_BYTES) {
      return Future.failedFuture(new Problem(413, "token_too_large", "tokens are limited to " + JwtSettings.MAX_TOKEN_BYTES + " bytes"));
    }
    return Future.succeededFuture(token);
  }
}
