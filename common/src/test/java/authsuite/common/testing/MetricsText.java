package authsuite.common.testing;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code /metrics} as a scraper reads it: the Prometheus text format, asked over real HTTP, and the value
 * of one series picked by its name and labels.
 */
public final class MetricsText {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;

  private MetricsText(String text) {
    this.text = text;
  }

  /** {@code GET /metrics} on the port; fails the test unless it answers 200. */
  public static MetricsText scrape(WebClient client, int port) {
    var answer = client.get(port, "127.0.0.1", "/metrics").send().await();
    if (answer.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + answer.statusCode() + ": " + answer.bodyAsString());
    }
    return new MetricsText(answer.bodyAsString());
  }

  public static MetricsText scrape(Vertx vertx, int port) {
    WebClient client = WebClient.create(vertx);
    try {
      return scrape(client, port);
    } finally {
      client.close();
    }
  }

  public static MetricsText of(String text) {
    return new MetricsText(text);
  }

  public String text() {
    return text;
  }

  /**
   * The sum of every series named {@code name} whose labels include {@code labels} (alternating names and values);
   * null when there is none, so that "not exposed" and "0" differ.
   */
  public Double value(String name, String... labels) {
    Double sum = null;
    Matcher sample = SAMPLE.matcher(text);
    while (sample.find()) {
      if (sample.group(1).equals(name) && hasLabels(sample.group(3), labels)) {
        sum = (sum == null ? 0 : sum) + Double.parseDouble(sample.group(4));
      }
    }
    return sum;
  }

  /** As {@link #value}, with a series that is not there counted as 0. */
  public double count(String name, String... labels) {
    Double value = value(name, labels);
    return value == null ? 0 : value;
  }

  public boolean has(String name, String... labels) {
    return value(name, labels) != null;
  }

  private static boolean hasLabels(String present, String[] wanted) {
    Map<String, String> labels = new java.util.HashMap<>();
    if (present != null) {
      Matcher label = LABEL.matcher(present);
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
    }
    for (int i = 0; i + 1 < wanted.length; i += 2) {
      if (!wanted[i + 1].equals(labels.get(wanted[i]))) {
        return false;
      }
    }
    return true;
  }
}
