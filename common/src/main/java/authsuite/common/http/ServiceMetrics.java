package authsuite.common.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Prometheus registry {@code /metrics} serves: the one Vert.x's Micrometer metrics were set up
 * with (the launcher does, with {@link #vertxOptions()} and {@link #newRegistry()}; it also carries
 * Vert.x's HTTP, pool and JVM meters), else a registry of the service's own meters.
 *
 * <p>Labels take known values only, since a client chooses the method and the path of its request and
 * every new label value is a new series kept for the life of the process (docs/robustness.md, "bounded
 * metric labels"): a method outside the standard ones is {@code other}, a route is the template of the
 * route that answered (never the path asked for), or {@code unmatched}.
 *
 * <p>Vert.x's own gauges (active requests and connections, pool use, event-bus handlers) are not kept:
 * vertx-micrometer 5.0.8 registers such a gauge again for every request, connection, pooled request and
 * event-bus consumer (vert-x3/vertx-micrometer-metrics#259), and Micrometer warns at the second registration
 * of a gauge. In the launcher they could not say which service they count either (one Vert.x, no service
 * label). The suite's own meters tell each service's story instead (docs/metrics.md).
 */
public final class ServiceMetrics {
  /** The name of the route that mounts a service's API router, which every API request passes: not a route of its own. */
  public static final String API_ROUTER_MOUNT = "/*";
  static final String OTHER_METHOD = "other";
  static final String UNMATCHED_ROUTE = "unmatched";
  /** A last resort should a route template ever carry request data: series past it are not recorded. */
  private static final int MAX_ROUTES = 200;
  private static final Set<String> METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
          HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.CONNECT)
      .stream().map(HttpMethod::name).collect(Collectors.toUnmodifiableSet());

  private ServiceMetrics() {
  }

  public static PrometheusMeterRegistry registry() {
    MeterRegistry shared = BackendRegistries.getDefaultNow();
    return shared instanceof PrometheusMeterRegistry prometheus ? prometheus : newRegistry();
  }

  /** A Prometheus registry whose label values are bounded as above; filters must be in place before the first meter. */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config()
        .meterFilter(new BoundedVertxMeters())
        .meterFilter(MeterFilter.maximumAllowableTags("vertx.http.server", Label.HTTP_ROUTE.toString(), MAX_ROUTES, MeterFilter.deny()));
    return registry;
  }

  /** A denied meter is never registered, so its next registration finds nothing to warn about. */
  static boolean reRegisteredVertxGauge(Meter.Id id) {
    return id.getType() == Meter.Type.GAUGE && id.getName().startsWith("vertx.");
  }

  /**
   * Bounds the method and route labels, and denies Vert.x's gauges. Micrometer never caches a denied meter: the
   * active-requests gauge Vert.x registers for every request is mapped through every filter each time, so the gauge
   * is denied before anything is mapped, and an id whose labels are already bounded is passed on as it is, where
   * {@link MeterFilter#replaceTagValues} copies every id it sees.
   */
  static final class BoundedVertxMeters implements MeterFilter {
    @Override
    public Meter.Id map(Meter.Id id) {
      if (reRegisteredVertxGauge(id)) {
        return id;
      }
      String method = id.getTag(Label.HTTP_METHOD.toString());
      String route = id.getTag(Label.HTTP_ROUTE.toString());
      String boundedMethod = method == null ? null : methodLabel(method);
      String boundedRoute = route == null ? null : routeLabel(route);
      if (Objects.equals(boundedMethod, method) && Objects.equals(boundedRoute, route)) {
        return id;
      }
      List<Tag> tags = new ArrayList<>();
      for (Tag tag : id.getTagsAsIterable()) {
        tags.add(bounded(tag, boundedMethod, boundedRoute));
      }
      return id.replaceTags(tags);
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
      return reRegisteredVertxGauge(id) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    private static Tag bounded(Tag tag, String method, String route) {
      if (tag.getKey().equals(Label.HTTP_METHOD.toString())) {
        return Tag.of(tag.getKey(), method);
      }
      if (tag.getKey().equals(Label.HTTP_ROUTE.toString())) {
        return Tag.of(tag.getKey(), route);
      }
      return tag;
    }
  }

  /** Vert.x's Micrometer metrics as every service reports them: HTTP by method, route and status, pools, JVM. */
  public static MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_ROUTE, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE));
  }

  static String methodLabel(String method) {
    return METHODS.contains(method) ? method : OTHER_METHOD;
  }

  /**
   * vertx-web reports every route a request passed, joined by {@code >}: the API router's mount ({@code /*})
   * then the route inside it, again for failure handling. The label is the last template that is not the mount.
   */
  static String routeLabel(String routes) {
    int end = routes.length();
    while (end > 0) {
      int start = routes.lastIndexOf('>', end - 1) + 1;
      if (end > start && !isMount(routes, start, end)) {
        return start == 0 && end == routes.length() ? routes : routes.substring(start, end);
      }
      end = start - 1;
    }
    return UNMATCHED_ROUTE;
  }

  private static boolean isMount(String routes, int start, int end) {
    return end - start == API_ROUTER_MOUNT.length() && routes.startsWith(API_ROUTER_MOUNT, start);
  }
}
