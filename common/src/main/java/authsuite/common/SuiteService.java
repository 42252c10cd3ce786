package authsuite.common;

import java.util.Arrays;
import java.util.Optional;

/** The five services of the suite, in the order they start: each may call the ones before it. */
public enum SuiteService {
  JWT_TOKEN_ADAPTER("jwt-token-adapter", 8025, "jwt"),
  SESSION_VALIDATION_NORMALIZER("session-validation-normalizer", 8026, "session"),
  FALLBACK_SESSION_PROVIDER("fallback-session-provider", 8027, "fallback"),
  WEBSOCKET_AUTH_GATEWAY("websocket-auth-gateway", 8028, "ws-auth"),
  SERVICE_BOUNDARY_COORDINATOR("service-boundary-coordinator", 8029, "coordinator");

  private final String serviceName;
  private final int defaultPort;
  private final String apiArea;

  SuiteService(String serviceName, int defaultPort, String apiArea) {
    this.serviceName = serviceName;
    this.defaultPort = defaultPort;
    this.apiArea = apiArea;
  }

  public String serviceName() {
    return serviceName;
  }

  public int defaultPort() {
    return defaultPort;
  }

  /** The `<area>` of the service's own `/api/v1/<area>/...` routes. */
  public String apiArea() {
    return apiArea;
  }

  /** e.g. {@code JWT_TOKEN_ADAPTER_PORT}. */
  public String portVariable() {
    return name() + "_PORT";
  }

  /** e.g. {@code JWT_TOKEN_ADAPTER_URL}: a static address that overrides the registry. */
  public String urlVariable() {
    return name() + "_URL";
  }

  /** The key the frontend reads in the integration health report, e.g. {@code jwt_token_adapter}. */
  public String healthKey() {
    return name().toLowerCase();
  }

  public static Optional<SuiteService> byName(String serviceName) {
    return Arrays.stream(values()).filter(s -> s.serviceName.equals(serviceName)).findFirst();
  }
}
