package authsuite.coordinator;

/**
 * Hysteresis for one dependency: failing only after {@code failRounds} failed rounds in a row,
 * recovered only after {@code recoverRounds} good ones, so one lost probe flips nothing.
 */
final class FailureStreak {
  private final int failRounds;
  private final int recoverRounds;
  private int failures;
  private int successes;
  private boolean failing;
  private String lastError;

  FailureStreak(int failRounds, int recoverRounds) {
    this.failRounds = failRounds;
    this.recoverRounds = recoverRounds;
  }

  void record(boolean up, String error) {
    if (up) {
      failures = 0;
      successes++;
      if (failing && successes >= recoverRounds) {
        failing = false;
      }
    } else {
      successes = 0;
      failures++;
      lastError = error;
      if (!failing && failures >= failRounds) {
        failing = true;
      }
    }
  }

  boolean failing() {
    return failing;
  }

  String lastError() {
    return lastError;
  }
}
