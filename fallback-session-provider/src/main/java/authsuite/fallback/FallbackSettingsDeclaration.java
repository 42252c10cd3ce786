package authsuite.fallback;

import authsuite.common.config.Setting;
import authsuite.common.config.SettingsDeclaration;

/** The fallback provider's settings, for start-up validation and {@code check-config} (listed in META-INF/services). */
public final class FallbackSettingsDeclaration extends SettingsDeclaration {
  /** The break-glass users file: the launcher's demo writes one, and {@code check-config} reads it. */
  public static final Setting BREAK_GLASS_FILE = Setting.text("FALLBACK_BREAK_GLASS_FILE", null);
  /** bcrypt's cost for the users' hashes: the launcher's demo user is hashed at the same cost. */
  public static final Setting BCRYPT_COST = Setting.number("FALLBACK_BCRYPT_COST", 12, 4, 31);

  public FallbackSettingsDeclaration() {
    super(FallbackSettings.DECLARED);
  }
}
