package authsuite.common.jwt;

import authsuite.common.events.AuthEventChannel;
import authsuite.common.jwt.keys.SuiteKeys;
import authsuite.common.jwt.revocation.Revocations;
import authsuite.common.testing.TestClock;
import authsuite.common.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openjdk.jol.info.GraphLayout;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The verified-token cache: bounded by weight, evicting gradually by use, never past a token's expiry")
class VerifiedTokensTest {
  private static final Duration LEEWAY = Duration.ofSeconds(30);
  /** Room for this many of the test's tokens, which all weigh the same. */
  private static final int ROOM = 100;

  private record Kit(TokenValidator validator, VerifiedTokens verified, TestClock clock, long maxBytes) {
    TokenCheck validate(String token) {
      return validator.validate(token, TokenUse.REQUEST).await();
    }

    boolean cached(String token) {
      return verified.get(VerifiedTokens.keyOf(token)) != null;
    }
  }

  /** Room for {@link #ROOM} of the test's tokens, which all weigh what the first does. */
  private static Kit kit(Vertx vertx) {
    Kit probe = kit(vertx, VerifiedTokens.DEFAULT_MAX_BYTES);
    assertThat(probe.validate(token(0)).isValid()).isTrue();
    VerifiedTokens.Entry entry = probe.verified().get(VerifiedTokens.keyOf(token(0)));
    assertThat(entry).as("the probe token's entry").isNotNull();
    return kit(vertx, (long) ROOM * VerifiedTokens.weigh(entry));
  }

  private static Kit kit(Vertx vertx, long maxBytes) {
    JwtSettings settings = new JwtSettings(TestTokens.JWT_SECRET_KEY, null, null, "authsuite", null, "authsuite-emergency",
        Duration.ofMinutes(15), Optional.empty(), LEEWAY, Duration.ofMinutes(15), Duration.ofDays(7), Duration.ZERO,
        Duration.ofMinutes(5), Duration.ofSeconds(30), List.of());
    Revocations revocations = Revocations.inMemory(vertx, AuthEventChannel.local(vertx, "verified-tokens-test"));
    revocations.start().await();
    SuiteKeys keys = SuiteKeys.load(vertx, null, "verified-tokens-test:").await();
    TestClock clock = new TestClock();
    VerifiedTokens verified = new VerifiedTokens(maxBytes, clock);
    TokenValidator validator = new TokenValidator(settings, new PrimarySecrets(settings.jwtSecretKey(), null), keys, List.of(),
        revocations, verified, clock);
    return new Kit(validator, verified, clock, maxBytes);
  }

  /** Primary-auth tokens of one length: user ids 100000 to 999999. */
  private static String token(int i) {
    return TestTokens.primary(TestTokens.primaryClaims(String.valueOf(100_000 + i)));
  }

  @Test
  @DisplayName("a token used often in a full cache is still a hit after a flood of ten times as many distinct tokens")
  void hotTokenSurvivesFlood(Vertx vertx) {
    Kit kit = kit(vertx);
    for (int i = 1; i <= ROOM; i++) {
      assertThat(kit.validate(token(i)).isValid()).isTrue();
    }
    String hot = token(0);
    for (int i = 0; i < 20; i++) {
      assertThat(kit.validate(hot).isValid()).isTrue();
    }

    for (int i = ROOM + 1; i <= 11 * ROOM; i++) {
      assertThat(kit.validate(token(i)).isValid()).isTrue();
    }

    assertThat(kit.cached(hot)).as("the hot token after the flood").isTrue();
  }

  @Test
  @DisplayName("a flood of distinct tokens evicts a few entries at a time: once full it stays nearly full and within its weight")
  void evictsGradually(Vertx vertx) {
    Kit kit = kit(vertx);
    int fewestOnceFull = Integer.MAX_VALUE;
    long heaviest = 0;

    for (int i = 0; i < 10 * ROOM; i++) {
      assertThat(kit.validate(token(i)).isValid()).isTrue();
      if (i >= ROOM) {
        fewestOnceFull = Math.min(fewestOnceFull, kit.verified().size());
      }
      heaviest = Math.max(heaviest, kit.verified().weighedBytes());
    }

    assertThat(fewestOnceFull).as("entries held at the flood's emptiest moment").isGreaterThanOrEqualTo(ROOM * 9 / 10);
    assertThat(heaviest).as("weighed bytes at the flood's heaviest moment").isLessThanOrEqualTo(kit.maxBytes());
  }

  @Test
  @DisplayName("an entry is a hit until its token's exp plus leeway, and gone once that has passed")
  void entryExpiresWithItsToken(Vertx vertx) {
    Kit kit = kit(vertx);
    long now = kit.clock().instant().getEpochSecond();
    JsonObject claims = TestTokens.primaryClaims("100001").put("iat", now).put("exp", now + 60);
    String token = TestTokens.primary(claims);
    assertThat(kit.validate(token).isValid()).isTrue();

    kit.clock().advance(Duration.ofSeconds(60).plus(LEEWAY).minusSeconds(1));
    assertThat(kit.cached(token)).as("a second before exp + leeway").isTrue();

    kit.clock().advance(Duration.ofSeconds(2));
    assertThat(kit.cached(token)).as("a second after exp + leeway").isFalse();
    assertThat(kit.validate(token).reason()).isEqualTo(TokenCheck.TOKEN_EXPIRED);
  }

  @Test
  @DisplayName("a key is the same for one token and differs for tokens one character apart, also past 8 KiB")
  void keys() {
    String token = token(1);
    String longToken = token.repeat(50);

    assertThat(VerifiedTokens.keyOf(token)).isEqualTo(VerifiedTokens.keyOf(new String(token)));
    assertThat(VerifiedTokens.keyOf(token)).isNotEqualTo(VerifiedTokens.keyOf(token(2)));
    assertThat(VerifiedTokens.keyOf(longToken)).isEqualTo(VerifiedTokens.keyOf(token.repeat(50)));
    assertThat(VerifiedTokens.keyOf(longToken)).isNotEqualTo(VerifiedTokens.keyOf("f" + longToken.substring(1)));
    assertThat(VerifiedTokens.keyOf(longToken)).isNotEqualTo(VerifiedTokens.keyOf(token.repeat(49) + token(2)));
  }

  @Test
  @DisplayName("the weight charged for an entry is never less than what it retains, nor much more, whatever the token's shape")
  void weightCoversWhatAnEntryRetains(Vertx vertx) {
    String manyRoles = IntStream.range(0, 300).mapToObj(i -> "role-" + i).collect(Collectors.joining(","));
    Map<String, IntFunction<JsonObject>> shapes = Map.of(
        "a primary-auth token", i -> TestTokens.primaryClaims(String.valueOf(100_000 + i)),
        "300 short roles", i -> TestTokens.primaryClaims(String.valueOf(100_000 + i)).put("roles", new JsonArray(List.of(manyRoles.split(",")))),
        "a jti, a session, a family, ancestors and text outside Latin-1", i -> TestTokens.primaryClaims(String.valueOf(100_000 + i))
            .put("jti", UUID.randomUUID().toString()).put("sid", "session-" + i).put(Lineage.FAMILY, "family-" + i)
            .put(Lineage.ANCESTORS, new JsonArray().add("ancestor-a-" + i).add("ancestor-b-" + i))
            .put("email", "\u7528\u6237" + i + "@example.com").put("preferred_username", "\u0416\u0435\u043d\u044f " + i));
    int count = 200;
    shapes.forEach((shape, claims) -> {
      Kit kit = kit(vertx, VerifiedTokens.DEFAULT_MAX_BYTES);
      // the cache's own structures, made on first use, are not any entry's
      kit.validate(TestTokens.primary(claims.apply(-1)));
      long before = GraphLayout.parseInstance(kit.verified()).totalSize();
      long weighedBefore = kit.verified().weighedBytes();
      for (int i = 0; i < count; i++) {
        assertThat(kit.validate(TestTokens.primary(claims.apply(i))).isValid()).as(shape).isTrue();
      }
      long retained = GraphLayout.parseInstance(kit.verified()).totalSize() - before;
      long weighed = kit.verified().weighedBytes() - weighedBefore;

      assertThat(weighed).as(shape + ": weighed against retained (%d bytes an entry)", retained / count).isGreaterThanOrEqualTo(retained);
      assertThat(weighed).as(shape + ": weighed against retained (%d bytes an entry)", retained / count).isLessThanOrEqualTo(retained * 3 / 2);
    });
  }
}
