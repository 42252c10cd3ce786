package authsuite.session;

import authsuite.common.config.SettingsDeclaration;

/** The normalizer's settings, for start-up validation and {@code check-config} (listed in META-INF/services). */
public final class SessionSettingsDeclaration extends SettingsDeclaration {
  public SessionSettingsDeclaration() {
    super(SessionSettings.DECLARED, SessionSettings::checkSources);
  }
}
