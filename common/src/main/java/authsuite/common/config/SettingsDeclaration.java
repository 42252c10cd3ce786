package authsuite.common.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;

/**
 * A module's settings, found through {@code META-INF/services/authsuite.common.config.SettingsDeclaration}: each module
 * declares what it reads, and start-up and {@code check-config} validate every declaration on the class path (in the
 * launcher's jar, all of them). A subclass only calls the constructor.
 */
public abstract class SettingsDeclaration {
  private static final List<SettingsDeclaration> FOUND = load();

  private final List<Setting> settings;
  private final BiConsumer<JsonObject, List<ConfigProblem>> rules;

  /**
   * @param settings each setting the module reads, checked one by one
   * @param rules    what one setting alone cannot say (a structured value, settings that depend on each other); adds
   *                 one problem per fault
   */
  protected SettingsDeclaration(List<Setting> settings, BiConsumer<JsonObject, List<ConfigProblem>> rules) {
    this.settings = List.copyOf(settings);
    this.rules = rules;
  }

  protected SettingsDeclaration(List<Setting> settings) {
    this(settings, (values, problems) -> { });
  }

  /** Every declared setting of every module on the class path. */
  static List<Setting> all() {
    List<Setting> all = new ArrayList<>();
    FOUND.forEach(declaration -> all.addAll(declaration.settings));
    return all;
  }

  /** Every problem of every declared setting and rule, in declaration order. */
  static void check(JsonObject values, List<ConfigProblem> problems) {
    for (SettingsDeclaration declaration : FOUND) {
      declaration.settings.forEach(setting -> setting.check(values).ifPresent(problems::add));
      declaration.rules.accept(values, problems);
    }
  }

  private static List<SettingsDeclaration> load() {
    List<SettingsDeclaration> found = new ArrayList<>();
    ServiceLoader.load(SettingsDeclaration.class, SettingsDeclaration.class.getClassLoader()).forEach(found::add);
    found.sort(Comparator.comparing(declaration -> declaration.getClass().getName())); // the same order of problems on every class path
    return List.copyOf(found);
  }
}
