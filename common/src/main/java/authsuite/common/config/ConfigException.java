package authsuite.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every configuration problem found in one pass, so an operator fixes them all at once. */
public final class ConfigException extends RuntimeException {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super("invalid configuration:\n" + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
