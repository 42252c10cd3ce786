package authsuite.common.jwt.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * How an issuer's JWKS is kept: refreshed every {@code refreshInterval}; refetched on an unknown kid at most once
 * per {@code minRefetchInterval} (so a flood of tokens with made-up kids cannot turn us into a load generator
 * against the issuer); each fetch bounded by {@code fetchTimeout} and {@code maxJwksBytes}.
 */
public record JwksPolicy(Duration refreshInterval, Duration minRefetchInterval, Duration fetchTimeout, int maxJwksBytes) {

  public JwksPolicy {
    Objects.requireNonNull(refreshInterval, "refreshInterval");
    Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
    Objects.requireNonNull(fetchTimeout, "fetchTimeout");
    if (refreshInterval.toMillis() < 1 || fetchTimeout.toMillis() < 1 || minRefetchInterval.isNegative()) {
      throw new IllegalArgumentException("refresh interval and fetch timeout must be at least 1 ms, minimum refetch interval not negative");
    }
    if (maxJwksBytes < 1) {
      throw new IllegalArgumentException("maxJwksBytes must be positive");
    }
  }

  public static JwksPolicy defaults() {
    return new JwksPolicy(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(3), 256 * 1024);
  }
}
