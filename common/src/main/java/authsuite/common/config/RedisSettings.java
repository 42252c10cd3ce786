package authsuite.common.config;

import java.util.List;

/**
 * Where Redis is: {@code standalone} takes one URL; {@code sentinel} takes the sentinels' URLs and the
 * master's name; {@code cluster} takes any number of seed nodes. Several URLs are comma-separated in {@code REDIS_URL}.
 */
public record RedisSettings(List<String> urls, Mode mode, String masterName, String keyPrefix) {
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }

  @Override
  public String toString() {
    return "RedisSettings[mode=" + mode + ", nodes=" + urls.size() + ", keyPrefix=" + keyPrefix + "]";
  }
}
