package authsuite.common.config;

import java.util.List;

/** A validated configuration and the secrets the dev profile had to generate for it. */
public record LoadedConfig(SuiteConfig config, List<String> generatedSecrets) {
}
