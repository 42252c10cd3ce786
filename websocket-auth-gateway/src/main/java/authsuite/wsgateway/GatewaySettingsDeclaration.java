package authsuite.wsgateway;

import authsuite.common.config.SettingsDeclaration;

/** The websocket-auth-gateway's settings, for start-up validation and {@code check-config} (listed in META-INF/services). */
public final class GatewaySettingsDeclaration extends SettingsDeclaration {
  public GatewaySettingsDeclaration() {
    super(GatewaySettings.DECLARED, GatewaySettings::checkPolicy);
  }
}
