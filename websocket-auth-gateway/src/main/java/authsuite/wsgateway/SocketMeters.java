package authsuite.wsgateway;

import authsuite.common.metrics.SuiteMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gateway's sockets in {@code /metrics}: {@code authsuite_ws_opened_total}, {@code authsuite_ws_closed_total{code}}
 * (the close code the client was given or gave, one of the codes the gateway uses or RFC 6455's common ones, else
 * {@code other}), {@code authsuite_ws_open_sockets}, and {@code authsuite_rate_limited_total{limiter}} for the
 * per-user connection limit and the message rate. Every meter carries {@code service} and is registered here once.
 */
final class SocketMeters {
  static final String CONNECTIONS_PER_USER = "ws_connections_per_user";
  static final String MESSAGE_RATE = "ws_message_rate";
  private static final List<Short> CODES = List.of((short) 1000, CloseCodes.GOING_AWAY, (short) 1006, CloseCodes.INVALID_PAYLOAD,
      CloseCodes.FRAME_TOO_LARGE, CloseCodes.UPSTREAM_FAILED, (short) 1013, CloseCodes.UPSTREAM_UNAVAILABLE,
      CloseCodes.TOKEN_EXPIRED, CloseCodes.REVOKED, CloseCodes.TOO_MANY_CONNECTIONS, CloseCodes.RATE_EXCEEDED,
      CloseCodes.UNAUTHENTICATED);

  private final Counter opened;
  private final Map<Short, Counter> closedByCode = new HashMap<>();
  private final Counter closedOther;
  private final Counter tooManyConnections;
  private final Counter overRate;

  SocketMeters(MeterRegistry registry, String service, Supplier<Number> openSockets) {
    this.opened = Counter.builder("authsuite_ws_opened").description("WebSockets authenticated and relayed")
        .tag(SuiteMeters.SERVICE, service).register(registry);
    CODES.forEach(code -> closedByCode.put(code, closed(registry, service, String.valueOf(code))));
    this.closedOther = closed(registry, service, "other");
    this.tooManyConnections = SuiteMeters.rateLimited(registry, service, CONNECTIONS_PER_USER);
    this.overRate = SuiteMeters.rateLimited(registry, service, MESSAGE_RATE);
    Gauge.builder("authsuite_ws_open_sockets", openSockets).description("WebSockets this gateway instance relays now")
        .tag(SuiteMeters.SERVICE, service).strongReference(true).register(registry);
  }

  private static Counter closed(MeterRegistry registry, String service, String code) {
    return Counter.builder("authsuite_ws_closed").description("relayed WebSockets closed, by close code")
        .tags(SuiteMeters.SERVICE, service, "code", code).register(registry);
  }

  void opened() {
    opened.increment();
  }

  void closed(short code) {
    closedByCode.getOrDefault(code, closedOther).increment();
  }

  void tooManyConnections() {
    tooManyConnections.increment();
  }

  void overRate() {
    overRate.increment();
  }
}
