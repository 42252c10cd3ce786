package authsuite.common.config;

/** One thing wrong with the configuration, naming the variable or file it is about. */
public record ConfigProblem(String name, String message) {
  @Override
  public String toString() {
    return name + ": " + message;
  }
}
