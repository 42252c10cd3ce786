package authsuite.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One gauge per state of a closed set ({@code authsuite_mode{mode=...}}, {@code authsuite_circuit_state{state=...}}),
 * registered once, each reading its value when scraped: 1 for the state in force and 0 for the others, or, for a
 * target with several circuits, how many are in that state. A query then needs no knowledge of the states' order.
 */
public final class StateGauges {
  private StateGauges() {
  }

  /**
   * @param tags       the gauges' other tags ({@code service}, and {@code target} for a circuit)
   * @param stateLabel the label naming the state
   * @param value      the value for a state; read on the scraping thread, so it must read thread-safe state
   */
  public static void register(MeterRegistry registry, String name, String description, Tags tags, String stateLabel,
                              List<String> states, ToDoubleFunction<String> value) {
    for (String state : states) {
      Gauge.builder(name, () -> value.applyAsDouble(state))
          .description(description)
          .tags(tags.and(stateLabel, state))
          .strongReference(true)
          .register(registry);
    }
  }

  /** 1 when {@code current} is {@code state}, else 0. */
  public static double oneIf(String current, String state) {
    return state.equals(current) ? 1 : 0;
  }
}
