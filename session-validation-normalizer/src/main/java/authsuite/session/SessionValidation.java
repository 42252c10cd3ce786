package authsuite.session;

import authsuite.common.jwt.TokenUse;
import authsuite.common.http.Problem;
import authsuite.common.jwt.JwtSettings;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenValidator;
import authsuite.common.telemetry.TraceAttributes;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One session check for every credential form: the first resolver of the chain that finds a credential
 * decides; a JWT is checked by the JWT core (stateless, with the in-memory revocation mirror, so it needs no
 * Redis), an opaque id by the {@link SessionBook}, a credential found where an existing session store keeps its id
 * by {@link SourceSessions}. While the store's circuit is open, JWT answers say
 * {@code degraded}: revocations may have been missed.
 */
final class SessionValidation {
  private final List<CredentialResolver> chain;
  private final TokenValidator tokens;
  private final SessionBook sessions;
  private final SourceSessions sourceSessions;
  private final Clock clock;
  private final SessionMeters meters;

  SessionValidation(List<CredentialResolver> chain, TokenValidator tokens, SessionBook sessions, SourceSessions sourceSessions,
                    Clock clock, SessionMeters meters) {
    this.meters = meters;
    this.chain = chain;
    this.tokens = tokens;
    this.sessions = sessions;
    this.sourceSessions = sourceSessions;
    this.clock = clock;
  }

  /** The first credential the chain finds, or null when the request carries none. */
  Credential credentialOf(RoutingContext ctx) {
    for (CredentialResolver resolver : chain) {
      Credential found = resolver.resolve(ctx);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The verdict about the credential, counted by source and outcome, and told to the request's span. */
  Future<SessionVerdict> check(Credential credential) {
    return decide(credential)
        .onComplete(meters::decided, failure -> meters.failed(sourceOf(credential), failure))
        .andThen(SessionValidation::traced);
  }

  /** The source a credential is checked against, for a check that ends without a verdict. */
  private static String sourceOf(Credential credential) {
    return credential.source() != null ? credential.source().name() : credential.isJwt() ? "jwt" : SessionBook.SOURCE;
  }

  /** What was decided, on the request's span: the source and the outcome (or reason), never the credential. */
  private static void traced(AsyncResult<SessionVerdict> decided) {
    if (decided.failed()) {
      TraceAttributes.set(TraceAttributes.SESSION_OUTCOME, "unavailable");
      return;
    }
    SessionVerdict verdict = decided.result();
    TraceAttributes.set(TraceAttributes.SESSION_SOURCE, verdict.source());
    TraceAttributes.set(TraceAttributes.SESSION_OUTCOME, verdict.reason() != null ? verdict.reason() : verdict.degraded() ? "valid_degraded" : "valid");
  }

  private Future<SessionVerdict> decide(Credential credential) {
    if (credential.value().length() > JwtSettings.MAX_TOKEN_BYTES) {
      return Future.failedFuture(new Problem(413, "token_too_large", "credentials are limited to " + JwtSettings.MAX_TOKEN_BYTES + " bytes"));
    }
    List<String> checks = new ArrayList<>(6);
    checks.add("credential:" + credential.form());
    if (credential.source() != null) {
      return sourceSessions.use(credential.source(), credential.value(), checks);
    }
    return credential.isJwt() ? checkJwt(credential.value(), checks) : sessions.use(credential.value(), checks);
  }

  private Future<SessionVerdict> checkJwt(String token, List<String> checks) {
    checks.add("jwt_signature_and_claims");
    checks.add("revocation_list");
    boolean degraded = !sessions.storeAnswering();
    return tokens.validate(token, TokenUse.REQUEST).map(check -> {
      String source = check.isValid() ? check.identity().source() : "jwt";
      if (!check.isValid()) {
        return SessionVerdict.invalid(check.reason(), source, checks);
      }
      return degraded ? SessionVerdict.valid(degradedSessionOf(check), source, true, checks)
          : SessionVerdict.validEncoded(sessionOf(check), source, false, checks);
    });
  }

  /**
   * A token's identity as a session, created when issued and seen now; spliced onto the identity's JSON as it was
   * encoded once, on the token's cache miss.
   */
  private String sessionOf(TokenCheck check) {
    Instant issued = check.identity().issuedAt();
    return SessionVerdict.withMembers(check.encodedIdentity(), ",\"created_at\":" + (issued == null ? "null" : "\"" + issued + "\"")
        + ",\"last_seen_at\":\"" + clock.instant() + "\"");
  }

  private JsonObject degradedSessionOf(TokenCheck check) {
    JsonObject session = check.identity().asDegraded().toJson();
    return session.put("created_at", session.getValue("issued_at")).put("last_seen_at", clock.instant().toString());
  }
}
