package authsuite.launcher;

import authsuite.common.config.SettingsDeclaration;
import authsuite.launcher.demo.DemoStandIns;
import java.util.List;

/** The launcher's settings, for start-up validation and {@code check-config} (listed in META-INF/services). */
public final class LauncherSettingsDeclaration extends SettingsDeclaration {
  public LauncherSettingsDeclaration() {
    super(List.of(SuiteRunner.HEALTH_WAIT, DemoStandIns.MODE, DemoStandIns.PRIMARY_AUTH_PORT, DemoStandIns.CHAT_PORT),
        DemoStandIns::refuseInProd);
  }
}
