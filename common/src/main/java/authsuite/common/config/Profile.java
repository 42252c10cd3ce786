package authsuite.common.config;

/** {@code dev} runs on embedded defaults; {@code prod} refuses to start without real secrets and dependencies. */
public enum Profile {
  DEV, PROD;

  public static Profile parse(String value) {
    return Profile.valueOf(value.trim().toUpperCase());
  }
}
