package authsuite.fallback;

import authsuite.common.http.Problem;
import authsuite.common.jwt.Identity;
import authsuite.common.jwt.Lineage;
import authsuite.common.jwt.TokenCheck;
import authsuite.common.jwt.TokenMinter;
import authsuite.common.jwt.TokenUse;
import authsuite.common.jwt.TokenValidator;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Emergency sessions, each attempt audited whatever its outcome: with a password (the users table,
 * or the break-glass file while PostgreSQL is down), or from a still-valid access token. Every
 * emergency token carries the reduced roles and scopes of the configuration, never the user's own.
 */
final class EmergencySignIn {
  /** An issued emergency session; {@code degraded} when the account came from the break-glass file. */
  record Grant(TokenMinter.EmergencyToken token, Identity identity, boolean degraded) {
  }

  /** A password sign-in: exactly one of username or email. */
  record PasswordAttempt(String identifier, boolean byEmail, String password, String clientAddress, String correlationId) {
  }

  private static final Problem REFUSED = Problem.unauthorized("invalid_credentials", "the username or password is not valid");

  private final FallbackGate gate;
  private final AttemptLimiter limiter;
  private final UserDirectory directory;
  private final PasswordCheck passwords;
  private final AuditLog audit;
  private final TokenValidator validator;
  private final TokenMinter minter;
  private final FallbackSettings settings;
  private final SignInMeters meters;
  private final int retryAfterSeconds;

  EmergencySignIn(FallbackGate gate, AttemptLimiter limiter, UserDirectory directory, PasswordCheck passwords, AuditLog audit,
                  TokenValidator validator, TokenMinter minter, FallbackSettings settings, SignInMeters meters,
                  int retryAfterSeconds) {
    this.gate = gate;
    this.limiter = limiter;
    this.directory = directory;
    this.passwords = passwords;
    this.audit = audit;
    this.validator = validator;
    this.minter = minter;
    this.settings = settings;
    this.meters = meters;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  Future<Grant> withPassword(PasswordAttempt attempt) {
    AuditEntry entry = AuditEntry.attempt(AuditEntry.PASSWORD, attempt.identifier(), attempt.clientAddress(), attempt.correlationId());
    if (!gate.open()) {
      return auditedFailures(refuse(entry.refused("not_active", null, null), notActive()), entry);
    }
    // the lookup comes first so that the limit is the account's, whichever identifier named it; known and
    // unknown names then take the same path (lookup, count, bcrypt), so neither answer nor timing tells them apart
    Future<Grant> granted = directory.find(attempt.identifier(), attempt.byEmail()).compose(lookup ->
        limiter.attempt(lookup.account(), attempt.identifier(), attempt.clientAddress()).compose(verdict -> {
          if (!verdict.allowed()) {
            meters.rateLimited(verdict.limitedBy());
            return refuse(entry.refused("rate_limited_" + verdict.limitedBy(), null, null), Problem.tooManyRequests("too_many_attempts",
                "too many sign-in attempts for this " + verdict.limitedBy() + "; try again later", (int) verdict.retryAfterSeconds()));
          }
          return checkPassword(attempt, entry, lookup);
        }));
    return auditedFailures(granted, entry);
  }

  Future<Grant> fromAccessToken(String token, String clientAddress, String correlationId) {
    AuditEntry entry = AuditEntry.attempt(AuditEntry.SESSION, null, clientAddress, correlationId);
    if (!gate.open()) {
      return auditedFailures(refuse(entry.refused("not_active", null, null), notActive()), entry);
    }
    Future<Grant> granted = validator.validate(token, TokenUse.ACCESS).compose(check -> {
      if (TokenCheck.WRONG_TOKEN_TYPE.equals(check.reason())) {
        return refuse(entry.refused("not_an_access_token", null, "access_token"), Problem.badRequest(
            "unsupported_token_type", "only a valid access token can become an emergency session"));
      }
      if (!check.isValid()) {
        return refuse(entry.refused("invalid_token_" + check.reason(), null, "access_token"),
            Problem.notValid("token", check.reason()));
      }
      Identity source = check.identity();
      AuditEntry named = entry.naming(source.username() != null ? source.username() : source.email());
      // the emergency token carries the source's lineage: revoking the source or its family revokes it too
      return issue(named, reduced(source.userId(), source.email(), source.username(), source.sessionId()), "access_token", false,
          check.descendantLineage());
    });
    return auditedFailures(granted, entry);
  }

  private Future<Grant> checkPassword(PasswordAttempt attempt, AuditEntry entry, UserDirectory.Lookup lookup) {
    Account account = lookup.account();
    Future<Boolean> matches = account == null ? passwords.burn(attempt.password())
        : passwords.matches(attempt.password(), account.passwordHash());
    return matches.compose(ok -> {
      // with the users table not answering, a miss is "cannot tell": a user of the table is not refused as a
      // wrong password (docs/robustness.md, "a breaker in front of PostgreSQL"); the same answer for a wrong
      // break-glass password, so that it tells nobody who is in the file
      if (account == null && lookup.usersUnavailable()) {
        return refuse(entry.refused("users_unavailable", null, lookup.source()), usersUnavailable());
      }
      if (account == null) {
        return refuse(entry.refused("unknown_user", null, lookup.source()), REFUSED);
      }
      if (!ok) {
        return refuse(entry.refused("wrong_password", account.userId(), lookup.source()),
            lookup.usersUnavailable() ? usersUnavailable() : REFUSED);
      }
      if (!account.active()) {
        return refuse(entry.refused("inactive_user", account.userId(), lookup.source()), REFUSED);
      }
      return issue(entry, reduced(account.userId(), account.email(), account.username(), null), lookup.source(), lookup.degraded(),
          Lineage.NONE);
    });
  }

  /** The token is handed out only once its audit record is written somewhere. */
  private Future<Grant> issue(AuditEntry entry, Identity identity, String source, boolean degraded, Lineage lineage) {
    TokenMinter.EmergencyToken token = minter.emergency(identity, null, lineage);
    // the token's exp claim is in whole seconds; the audit and the answer say the same instant
    Instant expiresAt = token.expiresAt().truncatedTo(ChronoUnit.SECONDS);
    return recorded(entry.granted(identity.userId(), source, token.jti(), expiresAt))
        .recover(unwritten -> Future.failedFuture(Problem.unavailable("audit_unavailable",
            "the sign-in cannot be audited right now; try again shortly", 5)))
        .compose(audited -> validator.validate(token.token(), TokenUse.EMERGENCY))
        .compose(check -> check.isValid()
            ? Future.succeededFuture(new Grant(token, degraded ? check.identity().asDegraded() : check.identity(), degraded))
            : Future.failedFuture(Problem.notValid("token", check.reason())));
  }

  private <T> Future<T> refuse(AuditEntry entry, Problem answer) {
    return recorded(entry).transform(written -> Future.failedFuture(new Refusal(answer)));
  }

  /**
   * A refusal was audited where it was decided; any other failure (bcrypt queue full, an issuer that
   * cannot be reached, the audit itself) is audited here, so that no attempt goes unrecorded.
   */
  private Future<Grant> auditedFailures(Future<Grant> attempt, AuditEntry entry) {
    return attempt.recover(failure -> {
      if (failure instanceof Refusal refusal) {
        return Future.failedFuture(refusal.answer);
      }
      String code = failure instanceof Problem problem ? problem.code() : "error";
      return recorded(entry.refused(code, null, null)).transform(written -> Future.failedFuture(failure));
    });
  }

  /** Audited, and counted in /metrics by kind and outcome. */
  private Future<Void> recorded(AuditEntry entry) {
    meters.attempted(entry.kind(), entry.outcome());
    return audit.record(entry);
  }

  /** A refusal already audited, carrying the client's answer. */
  private static final class Refusal extends RuntimeException {
    private final Problem answer;

    Refusal(Problem answer) {
      super(answer.getMessage(), null, false, false);
      this.answer = answer;
    }
  }

  private Identity reduced(String userId, String email, String username, String sessionId) {
    List<String> none = List.of();
    return new Identity(userId, userId, email, username, settings.roles(), settings.scopes(), sessionId, null, none,
        null, null, TokenMinter.EMERGENCY, "emergency", false);
  }

  private Problem usersUnavailable() {
    return Problem.unavailable("users_unavailable", "the users directory does not answer right now; try again shortly",
        retryAfterSeconds);
  }

  private static Problem notActive() {
    return Problem.forbidden("fallback_not_active",
        "emergency sign-in is open only while the suite is degraded, or when an operator has opened it");
  }
}
