package authsuite.common.jwt;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Validations counted by outcome ("valid" or a reason), cheap enough for every request. */
final class OutcomeCounters {
  private final Map<String, LongAdder> byOutcome = new ConcurrentHashMap<>();

  void count(String outcome) {
    byOutcome.computeIfAbsent(outcome, o -> new LongAdder()).increment();
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    byOutcome.forEach((outcome, count) -> json.put(outcome, count.sum()));
    return json;
  }
}
