package authsuite.coordinator;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * One thing the coordinator probes: an instance of a service, or a dependency.
 *
 * @param key        unique per target, e.g. {@code jwt-token-adapter/3f2a...} or {@code redis}; names its circuit
 * @param group      where it is reported: a service's health key or a dependency's name
 * @param instanceId the registry's instance id, or null for a dependency
 * @param url        the address shown in reports, as {@link authsuite.common.config.Redacted} shows it
 * @param critical   whether the suite depends on it to sign people in
 * @param probe      succeeds with the target's own status ({@code healthy} or {@code degraded}), fails with why not
 */
record ProbeTarget(String key, String group, String instanceId, String url, boolean critical, Supplier<Future<String>> probe) {
}
