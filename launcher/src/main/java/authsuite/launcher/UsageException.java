package authsuite.launcher;

/** The command line named something the launcher does not know. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
