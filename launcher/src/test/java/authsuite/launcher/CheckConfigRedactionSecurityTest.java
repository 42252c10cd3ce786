package authsuite.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("security")
@ExtendWith(VertxExtension.class)
@DisplayName("check-config names unreachable dependencies and issuers without the passwords in their URLs")
class CheckConfigRedactionSecurityTest {
  private static final String SECRET = "s3cret";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  @DisplayName("dead Redis, PostgreSQL and issuer, each configured with a password: reported, and no password printed")
  void unreachableWithPasswords(Vertx vertx) {
    Map<String, String> env = new HashMap<>();
    env.put("SUITE_PROFILE", "dev");
    env.put("REDIS_URL", "redis://default:" + SECRET + "@127.0.0.1:1");
    env.put("DATABASE_URL", "postgresql://app:" + SECRET + "@127.0.0.1:1/test");
    env.put("JWT_ISSUERS", new JsonArray()
        .add(new JsonObject().put("issuer", "http://idp-user:" + SECRET + "@127.0.0.1:1/realms/app"))
        .add(new JsonObject().put("issuer", "http://127.0.0.1:1/other")
            .put("jwks_uri", "http://127.0.0.1:1/jwks?access_token=t0ken-" + SECRET))
        .encode());

    int code = ConfigCheck.runDeep(vertx, env, print(out), print(err)).await();

    assertThat(code).isEqualTo(1);
    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("REDIS_URL: unreachable", "DATABASE_URL: unreachable", "127.0.0.1:1/realms/app: keys cannot be loaded")
        .doesNotContain(SECRET);
  }

  private static PrintStream print(ByteArrayOutputStream stream) {
    return new PrintStream(stream, true, StandardCharsets.UTF_8);
  }
}
