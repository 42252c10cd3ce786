package authsuite.launcher.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The wall's memory: {@code launcher/src/test/resources/fuzz-corpus/*.txt}, one case per line
 * ({@link FuzzCase#toLine}; {@code #} starts a comment). Every file is replayed on every run, and a
 * generated case that fails is appended to {@value #FOUND}, so what was found once is tried for ever.
 */
final class Corpus {
  static final String FOUND = "found.txt";
  private static final Path SOURCE_DIR = Path.of("src", "test", "resources", "fuzz-corpus");

  private final Path dir;
  private final Set<String> known = new LinkedHashSet<>();

  private Corpus(Path dir) {
    this.dir = dir;
  }

  /** The corpus in the source tree when the tests run from the module (as Maven runs them), else the copy on the class path. */
  static Corpus open() {
    Path dir = Files.isDirectory(SOURCE_DIR) ? SOURCE_DIR : classPathCopy();
    Corpus corpus = new Corpus(dir);
    corpus.cases().forEach(c -> corpus.known.add(c.toLine()));
    return corpus;
  }

  List<FuzzCase> cases() {
    List<FuzzCase> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && !line.startsWith("#")) {
            cases.add(FuzzCase.fromLine(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }

  /** Appends the case to {@value #FOUND} unless the corpus already holds it; true when it was new. */
  boolean remember(FuzzCase fuzzCase) {
    String line = fuzzCase.toLine();
    if (!known.add(line)) {
      return false;
    }
    try {
      Files.writeString(dir.resolve(FOUND), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }

  Path location() {
    return dir;
  }

  private static Path classPathCopy() {
    try {
      return Path.of(Corpus.class.getResource("/fuzz-corpus").toURI());
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no fuzz-corpus directory on the class path", e);
    }
  }
}
