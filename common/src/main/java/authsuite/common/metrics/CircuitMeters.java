package authsuite.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code authsuite_circuit_state{service,target,state}} and {@code authsuite_circuit_transitions_total{service,target,to}}
 * of one circuit target, every meter registered here once. The owner of the breaker calls {@link #transitioned} from
 * its open, half-open and close handlers.
 */
public final class CircuitMeters {
  public static final String CLOSED = "closed";
  public static final String OPEN = "open";
  public static final String HALF_OPEN = "half_open";
  public static final List<String> STATES = List.of(CLOSED, OPEN, HALF_OPEN);

  private final Map<String, Counter> transitions;

  /** @param circuitsInState how many of the target's circuits are in a state (1 or 0 for a single breaker) */
  public CircuitMeters(MeterRegistry registry, String service, String target, ToDoubleFunction<String> circuitsInState) {
    Tags tags = Tags.of(SuiteMeters.SERVICE, service, "target", target);
    StateGauges.register(registry, "authsuite_circuit_state", "circuits of the target in each state (1/0 for one circuit)",
        tags, "state", STATES, circuitsInState);
    this.transitions = STATES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), to -> Counter
        .builder("authsuite_circuit_transitions")
        .description("circuit state changes of the target, by the state entered")
        .tags(tags.and("to", to))
        .register(registry)));
  }

  /** Meters of a single breaker whose state {@code state} reads. */
  public static CircuitMeters of(MeterRegistry registry, String service, String target,
                                 Supplier<CircuitBreakerState> state) {
    return new CircuitMeters(registry, service, target, name -> StateGauges.oneIf(name(state.get()), name));
  }

  public void transitioned(String to) {
    transitions.get(to).increment();
  }

  /** The label of a breaker state: {@code closed}, {@code open} or {@code half_open}. */
  public static String name(CircuitBreakerState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
