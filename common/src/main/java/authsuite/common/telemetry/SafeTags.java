package authsuite.common.telemetry;

import authsuite.common.config.Redacted;
import io.vertx.core.spi.tracing.TagExtractor;

/**
 * Vert.x's request tags without what may be a credential: a URL keeps its path but loses its query (a WebSocket
 * token, a code) and its user-info (a PRIMARY_AUTH_URL may carry a password); {@code url.query} keeps only the names.
 */
final class SafeTags<T> implements TagExtractor<T> {
  private final TagExtractor<T> tags;

  private SafeTags(TagExtractor<T> tags) {
    this.tags = tags;
  }

  static <T> TagExtractor<T> of(TagExtractor<T> tags) {
    return tags == null ? null : new SafeTags<>(tags);
  }

  @Override
  public int len(T obj) {
    return tags.len(obj);
  }

  @Override
  public String name(T obj, int index) {
    return tags.name(obj, index);
  }

  @Override
  public String value(T obj, int index) {
    String value = tags.value(obj, index);
    if (value == null) {
      return null;
    }
    return switch (tags.name(obj, index)) {
      case "http.url", "url.full" -> withoutUserInfo(withoutQuery(value));
      case "url.query" -> parameterNames(value);
      default -> value;
    };
  }

  private static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** Redacted's regular expressions only for a URL that has user-info at all: this runs for every traced request. */
  private static String withoutUserInfo(String url) {
    return url.indexOf('@') < 0 ? url : Redacted.url(url);
  }

  private static String parameterNames(String query) {
    StringBuilder names = new StringBuilder();
    for (String parameter : query.split("&")) {
      int equals = parameter.indexOf('=');
      names.append(names.isEmpty() ? "" : "&").append(equals < 0 ? parameter : parameter.substring(0, equals)).append("=");
    }
    return names.toString();
  }
}
