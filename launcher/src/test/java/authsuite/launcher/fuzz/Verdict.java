package authsuite.launcher.fuzz;

import authsuite.launcher.fuzz.RawExchange.Answer;
import authsuite.launcher.fuzz.RawExchange.Outcome;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What the wall holds against an answer, as a user of the service sees it: an answer within 2 s,
 * never a 5xx, every error a problem+json with a stable snake_case code, a 405 saying what is
 * allowed, and no ERROR log line for anything a client did.
 */
final class Verdict {
  enum Violation { HANG, NO_ANSWER, NOT_HTTP, SERVER_ERROR, NOT_A_PROBLEM, METHOD_NOT_ALLOWED_WITHOUT_ALLOW, ERROR_LOGGED }

  /** A case that broke a rule, with everything needed to replay and report it. */
  record Finding(FuzzCase fuzzCase, Answer answer, Violation violation, List<String> errorLines) {
    String report() {
      return "[" + violation + "] " + fuzzCase.service() + " / " + fuzzCase.label() + "\n    request: " + fuzzCase.shown()
          + "\n    answer:  " + answer.summary() + (errorLines.isEmpty() ? "" : "\n    logged:  " + errorLines);
    }
  }

  private Verdict() {
  }

  static Optional<Violation> judge(FuzzCase fuzzCase, Answer answer, List<String> errorLines) {
    if (answer.outcome() == Outcome.TIMED_OUT || answer.elapsedMs() > RawExchange.DEADLINE_MS) {
      return Optional.of(Violation.HANG);
    }
    if (answer.outcome() == Outcome.CLOSED_WITHOUT_ANSWER) {
      return Optional.of(Violation.NO_ANSWER);
    }
    if (answer.outcome() == Outcome.GARBLED) {
      return Optional.of(Violation.NOT_HTTP);
    }
    if (answer.status() >= 500) {
      return Optional.of(Violation.SERVER_ERROR);
    }
    if (answer.status() >= 400 && !isProblem(answer, fuzzCase.isHead())) {
      return Optional.of(Violation.NOT_A_PROBLEM);
    }
    if (answer.status() == 405 && answer.header("Allow") == null) {
      return Optional.of(Violation.METHOD_NOT_ALLOWED_WITHOUT_ALLOW);
    }
    if (!errorLines.isEmpty()) {
      return Optional.of(Violation.ERROR_LOGGED);
    }
    return Optional.empty();
  }

  /** A HEAD answer has no body by definition; every other error carries a problem with a snake_case code. */
  static boolean isProblem(Answer answer, boolean head) {
    String type = answer.header("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/problem+json")) {
      return false;
    }
    if (head) {
      return true;
    }
    try {
      String code = new JsonObject(answer.body()).getString("code");
      return code != null && code.matches("[a-z][a-z0-9_]*");
    } catch (DecodeException | ClassCastException notJson) {
      return false;
    }
  }
}
