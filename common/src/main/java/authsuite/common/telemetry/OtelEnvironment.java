package authsuite.common.telemetry;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The standard {@code OTEL_*} variables, read from the environment map the launcher was given (tests pass one), not
 * only from {@code System.getenv}. Tracing is on only when an OTLP endpoint is set: without one no SDK is built.
 */
public final class OtelEnvironment {
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  static final String SDK_DISABLED = "OTEL_SDK_DISABLED";
  static final String TRACES_EXPORTER = "OTEL_TRACES_EXPORTER";
  private static final String PROTOCOL = "otel.exporter.otlp.protocol";
  private static final String TRACES_PROTOCOL = "otel.exporter.otlp.traces.protocol";
  private static final String HTTP_PROTOBUF = "http/protobuf";

  /** Only traces leave the process: metrics stay on /metrics (Prometheus), logs on stdout. */
  private static final Map<String, String> FIXED = Map.of(
      "otel.metrics.exporter", "none",
      "otel.logs.exporter", "none");

  private OtelEnvironment() {
  }

  public static boolean tracingEnabled(Map<String, String> environment) {
    if ("true".equalsIgnoreCase(environment.get(SDK_DISABLED)) || "none".equalsIgnoreCase(environment.get(TRACES_EXPORTER))) {
      return false;
    }
    return !blank(environment.get(ENDPOINT)) || !blank(environment.get(TRACES_ENDPOINT));
  }

  /**
   * The map's {@code OTEL_*} variables as the SDK's property names ({@code OTEL_BSP_SCHEDULE_DELAY} ->
   * {@code otel.bsp.schedule.delay}). The protocol is {@code http/protobuf} unless given (the Java SDK's own default is
   * gRPC, which needs the OkHttp or gRPC sender this build leaves out); gRPC is refused with a sentence that says so.
   */
  static Map<String, String> properties(Map<String, String> environment) {
    Map<String, String> properties = new HashMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith("OTEL_") && value != null) {
        properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    properties.putIfAbsent(PROTOCOL, HTTP_PROTOBUF);
    for (String key : new String[] {PROTOCOL, TRACES_PROTOCOL}) {
      String protocol = properties.get(key);
      if (protocol != null && !HTTP_PROTOBUF.equals(protocol.trim())) {
        throw new IllegalArgumentException(key.toUpperCase(Locale.ROOT).replace('.', '_') + "=" + protocol
            + ": authsuite exports traces over OTLP/HTTP only (http/protobuf, a collector's port 4318)");
      }
    }
    properties.putAll(FIXED);
    return properties;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
