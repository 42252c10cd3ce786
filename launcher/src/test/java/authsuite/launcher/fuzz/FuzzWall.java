package authsuite.launcher.fuzz;

import authsuite.common.testing.CapturedLogs;
import authsuite.common.testing.TestTokens;
import authsuite.launcher.fuzz.RawExchange.Answer;
import authsuite.launcher.fuzz.Verdict.Finding;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Sends cases one at a time, judges each answer and the ERROR lines logged while it was served,
 * and keeps the score: cases tried per service, open findings (reported, not failed on), and
 * new findings (remembered in the corpus).
 */
final class FuzzWall implements AutoCloseable {
  private static final long TOKEN_REFRESH_NS = 30_000_000_000L;

  private final Vertx vertx;
  private final Map<String, Integer> ports;
  private final CapturedLogs logs = CapturedLogs.named(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Map<String, Integer> tried = new TreeMap<>();
  private final List<Finding> fresh = new ArrayList<>();
  private final List<Finding> open = new ArrayList<>();
  private String internalToken;
  private long mintedAt;
  private int seenLogLines;

  FuzzWall(Vertx vertx, Map<String, Integer> ports) {
    this.vertx = vertx;
    this.ports = ports;
  }

  void run(List<FuzzCase> cases) {
    for (FuzzCase fuzzCase : cases) {
      ports.forEach((service, port) -> {
        if (fuzzCase.forService(service)) {
          probe(fuzzCase.service().equals(FuzzCase.ANY_SERVICE) ? new FuzzCase(service, fuzzCase.label(), fuzzCase.wire()) : fuzzCase, port);
        }
      });
    }
  }

  private void probe(FuzzCase fuzzCase, int port) {
    Answer answer = RawExchange.send(port, fuzzCase.bytes(internalToken()), fuzzCase.isHead());
    List<String> errors = newErrorLines();
    tried.merge(fuzzCase.service(), 1, Integer::sum);
    Verdict.judge(fuzzCase, answer, errors).ifPresent(violation -> {
      Finding finding = new Finding(fuzzCase, answer, violation, errors);
      (OpenFindings.classify(finding).isPresent() ? open : fresh).add(finding);
    });
  }

  private List<String> newErrorLines() {
    List<String> lines = logs.lines();
    List<String> added = lines.subList(Math.min(seenLogLines, lines.size()), lines.size());
    seenLogLines = lines.size();
    return added.stream().filter(line -> line.startsWith("ERROR")).toList();
  }

  private String internalToken() {
    if (internalToken == null || System.nanoTime() - mintedAt > TOKEN_REFRESH_NS) {
      internalToken = TestTokens.internal(vertx);
      mintedAt = System.nanoTime();
    }
    return internalToken;
  }

  int total() {
    return tried.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** One finding per kind (violation, status, case family, service): what the corpus keeps and a report shows. */
  List<Finding> freshByKind() {
    Map<String, Finding> first = new LinkedHashMap<>();
    fresh.forEach(finding -> first.putIfAbsent(kind(finding), finding));
    return List.copyOf(first.values());
  }

  private static String kind(Finding finding) {
    return finding.violation() + " " + finding.answer().status() + " " + finding.fuzzCase().service() + " "
        + finding.fuzzCase().label().replaceAll(" #\\d+$", "");
  }

  /** What CI shows: cases per service and in all, and each open finding with its count and one example. */
  String score(String title) {
    StringBuilder out = new StringBuilder(title).append(": ").append(total()).append(" cases");
    tried.forEach((service, count) -> out.append("\n  ").append(service).append(": ").append(count));
    Map<OpenFindings, List<Finding>> byOpen = open.stream()
        .collect(Collectors.groupingBy(f -> OpenFindings.classify(f).orElseThrow(), LinkedHashMap::new, Collectors.toList()));
    byOpen.forEach((openClass, findings) -> out.append("\n  open finding, not fixed yet: ").append(openClass)
        .append(" (").append(openClass.summary()).append("): ").append(findings.size()).append(" case(s), e.g.\n    ")
        .append(findings.get(0).report()));
    out.append("\n  new findings: ").append(fresh.size());
    return out.toString();
  }

  Optional<String> failures(int shown) {
    if (fresh.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Long> counts = fresh.stream().collect(Collectors.groupingBy(FuzzWall::kind, Collectors.counting()));
    List<Finding> kinds = freshByKind();
    return Optional.of(fresh.size() + " case(s) of " + kinds.size() + " kind(s) broke the wall; one of each kind:\n"
        + kinds.stream().limit(shown).map(f -> counts.get(kind(f)) + " x " + f.report()).collect(Collectors.joining("\n")));
  }

  @Override
  public void close() {
    logs.close();
  }
}
