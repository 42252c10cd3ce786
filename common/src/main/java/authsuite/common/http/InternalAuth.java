package authsuite.common.http;

import authsuite.common.jwt.InternalTokens;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Guards *internal* endpoints: a valid internal token (SERVICE_SECRET, audience authsuite-internal) or 401. */
public final class InternalAuth implements Handler<RoutingContext> {
  /** The internal caller's subject, in the routing context once authenticated. */
  public static final String CALLER = "internal_caller";
  private final InternalTokens tokens;

  public InternalAuth(InternalTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = BearerToken.of(ctx);
    if (token == null) {
      ctx.fail(Problem.unauthorized("internal_token_required", "this endpoint needs an internal token")
          .header("WWW-Authenticate", "Bearer realm=\"authsuite-internal\""));
      return;
    }
    tokens.verify(token)
        .onSuccess(caller -> {
          ctx.put(CALLER, caller.attributes().getJsonObject("accessToken", caller.principal()).getString("sub"));
          ctx.next();
        })
        .onFailure(invalid -> ctx.fail(Problem.unauthorized("invalid_internal_token", "the internal token is not valid")));
  }
}
