package authsuite.launcher.fuzz;

import authsuite.launcher.fuzz.Verdict.Finding;
import authsuite.launcher.fuzz.Verdict.Violation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * KNOWN, FIXED ON ANOTHER BRANCH: failure classes the wall reports but does not fail on, because their
 * fixes are being made on other robustness branches. Each entry matches its own class narrowly (the
 * violation, and the trait of the request that causes it); anything else still fails the wall.
 * Delete this file and its two uses (in {@link FuzzWall#probe} and {@code WebSocketFuzzWallTest}) once
 * those branches are merged: the wall must then be green without it.
 */
enum FixedOnOtherBranches {
  HOST_MISSING_OR_INVALID("HTTP/1.1 without Host, or with an invalid one, is 500",
      f -> f.violation() == Violation.SERVER_ERROR && !validHost(f.fuzzCase().wire())),
  MALFORMED_PERCENT_ESCAPE("a malformed percent-escape in the request target is 500",
      f -> f.violation() == Violation.SERVER_ERROR && malformedEscape(target(f.fuzzCase().wire()))
          && !isFormBody(f.fuzzCase().wire())),
  METHOD_NOT_ALLOWED_WITHOUT_ALLOW("HEAD on GET routes, and any 405, answered without Allow",
      f -> f.violation() == Violation.METHOD_NOT_ALLOWED_WITHOUT_ALLOW),
  EMPTY_431_414_400("431, 414 and 400 answered with an empty body",
      f -> f.violation() == Violation.NOT_A_PROBLEM && List.of(400, 414, 431).contains(f.answer().status())
          && f.answer().body().isEmpty()),
  CLIENT_ABORT_LOGGED_AS_ERROR("a client that goes away is logged as ERROR",
      f -> f.violation() == Violation.ERROR_LOGGED && f.errorLines().stream().allMatch(line ->
          line.contains("Connection reset") || line.contains("ClosedChannelException") || line.contains("Connection was closed"))),
  ABSURD_NUMERIC_CLAIMS("a signed token with exp 1e308 or another absurd number is 500",
      f -> f.violation() == Violation.SERVER_ERROR && carriesAbsurdClaims(f.fuzzCase().wire())),
  SERVER_TIMEOUTS("a request that never completes holds its connection for ever (no server timeout)",
      f -> f.violation() == Violation.HANG && f.answer().status() < 0 && f.answer().body().isEmpty());


  private final String fix;
  private final Predicate<Finding> matches;

  FixedOnOtherBranches(String fix, Predicate<Finding> matches) {
    this.fix = fix;
    this.matches = matches;
  }

  /**
   * The WebSocket side's entry: permessage-deflate is negotiable on /ws, so the decoder lets RSV bits
   * through (netty refuses them only without extensions) and a relayed socket passes compressed or
   * RSV-flagged frames on instead of failing with 1002. The compression fix decides that.
   */
  static Optional<String> webSocket(String caseName, boolean authenticated) {
    boolean rsv = caseName.startsWith("RSV") || caseName.startsWith("compressed frame");
    return authenticated && rsv ? Optional.of("WEBSOCKET_COMPRESSION: RSV-flagged and compressed frames are relayed, not refused (1002)")
        : Optional.empty();
  }

  static Optional<FixedOnOtherBranches> classify(Finding finding) {
    return Arrays.stream(values()).filter(known -> known.matches.test(finding)).findFirst();
  }

  String fix() {
    return fix;
  }

  private static boolean malformedEscape(String target) {
    return Pattern.compile("%(?![0-9A-Fa-f]{2})").matcher(target).find();
  }

  /** A JWT in the request whose exp, iat or nbf is anything but a plain epoch second. */
  private static boolean carriesAbsurdClaims(String wire) {
    var tokens = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.(eyJ[A-Za-z0-9_-]+)\\.").matcher(wire);
    Pattern absurdTime = Pattern.compile("\"(exp|iat|nbf)\":(?!\\d{1,10}[,}])");
    while (tokens.find()) {
      String claims = new String(java.util.Base64.getUrlDecoder().decode(tokens.group(1)), java.nio.charset.StandardCharsets.UTF_8);
      if (absurdTime.matcher(claims).find()) {
        return true;
      }
    }
    return false;
  }

  private static String target(String wire) {
    String[] requestLine = wire.split("\r\n", 2)[0].split(" ");
    return requestLine.length > 1 ? requestLine[1] : "";
  }

  private static boolean isFormBody(String wire) {
    return head(wire).contains("content-type: application/x-www-form-urlencoded") || head(wire).contains("content-type: multipart/");
  }

  /** One Host line whose value is host[:port] with a port that exists; HTTP/1.0 needs none. */
  private static boolean validHost(String wire) {
    String[] lines = wire.split("\r\n\r\n", 2)[0].split("\r\n");
    List<String> hosts = Arrays.stream(lines).skip(1).filter(line -> line.toLowerCase(Locale.ROOT).startsWith("host:")).toList();
    if (hosts.isEmpty()) {
      return lines[0].endsWith("HTTP/1.0");
    }
    return hosts.size() == 1 && hosts.get(0).substring(5).trim().matches("[A-Za-z0-9.-]+(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}))?")
        && Arrays.stream(lines).noneMatch(line -> line.startsWith(" ") || line.startsWith("\t"));
  }

  private static String head(String wire) {
    return wire.split("\r\n\r\n", 2)[0].toLowerCase(Locale.ROOT);
  }
}
