package authsuite.coordinator;

import authsuite.common.config.SettingsDeclaration;

/** The service-boundary-coordinator's settings, for start-up validation and {@code check-config} (listed in META-INF/services). */
public final class CoordinatorSettingsDeclaration extends SettingsDeclaration {
  public CoordinatorSettingsDeclaration() {
    super(CoordinatorSettings.DECLARED);
  }
}
