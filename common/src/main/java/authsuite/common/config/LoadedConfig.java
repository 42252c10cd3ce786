package authsuite.common.config;

import java.util.List;

/**
 * A validated configuration, the secrets the dev profile had to generate for it, and the variables that
 * look like settings without being any (see {@link SettingNames}): warnings in dev, refusals in prod.
 */
public record LoadedConfig(SuiteConfig config, List<String> generatedSecrets, List<ConfigProblem> misnamed) {
}
