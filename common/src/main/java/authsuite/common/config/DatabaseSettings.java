package authsuite.common.config;

/** PostgreSQL connection URL and the schema the suite's own tables live in (null: the server default). */
public record DatabaseSettings(String url, String schema) {
  @Override
  public String toString() {
    return "DatabaseSettings[schema=" + schema + "]";
  }
}
