package authsuite.launcher.fuzz;

import authsuite.common.SuiteService;
import authsuite.common.testing.CapturedLogs;
import authsuite.launcher.fuzz.RawWebSocket.Reaction;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static authsuite.launcher.fuzz.RawWebSocket.BINARY;
import static authsuite.launcher.fuzz.RawWebSocket.CLOSE;
import static authsuite.launcher.fuzz.RawWebSocket.CONTINUATION;
import static authsuite.launcher.fuzz.RawWebSocket.PING;
import static authsuite.launcher.fuzz.RawWebSocket.TEXT;
import static authsuite.launcher.fuzz.RawWebSocket.frame;
import static authsuite.launcher.fuzz.RawWebSocket.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzing wall, WebSocket side: hostile frames on the gateway's {@code /ws}, before and after
 * authentication, written byte by byte. A protocol violation must end the socket within 2 s (a close
 * frame or a dropped connection), a ping must get its pong, nothing may log ERROR, and the gateway
 * must still relay for an honest client afterwards.
 */
@Tag("robustness")
@Tag("fuzz")
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Fuzzing wall (WebSocket): hostile frames on /ws end the socket cleanly, within 2 s, without an ERROR line")
class WebSocketFuzzWallTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20_261_201L);
  private static final int RANDOM_CASES = Integer.getInteger("fuzz.ws.random", 30);
  private static final int DEADLINE_MS = 2_000;
  private static final int QUIET_MS = 100;

  private FuzzedSuite suite;
  private int port;

  /** ENDS: a close frame or a dropped connection; REPLIES: a frame that is not a close; REACTS: either. */
  enum Expect { ENDS, REPLIES, REACTS, ANYTHING_CLEAN }

  record WsCase(String name, boolean authenticated, List<byte[]> frames, Expect expect) {
  }

  @BeforeAll
  void startSuite(Vertx vertx, @TempDir java.nio.file.Path dir) {
    suite = new FuzzedSuite(vertx).start(dir);
    port = suite.port(SuiteService.WEBSOCKET_AUTH_GATEWAY);
  }

  @AfterAll
  void stopSuite() {
    suite.stop();
  }

  @Test
  @DisplayName("protocol violations, bad UTF-8, bad close codes, lying auth messages and seeded random frames, before and after authentication")
  void hostileFrames() {
    List<WsCase> cases = new ArrayList<>();
    for (boolean authenticated : new boolean[] {false, true}) {
      cases.addAll(violations(authenticated));
    }
    cases.addAll(authMessages());
    cases.addAll(randomFrames(new Random(SEED)));
    List<String> failures = new ArrayList<>();
    try (CapturedLogs logs = CapturedLogs.named(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
      int seen = 0;
      for (WsCase wsCase : cases) {
        List<String> headers = wsCase.authenticated() ? List.of("Authorization: Bearer " + HostileValues.longLivedAccessToken()) : List.of();
        Reaction reaction = RawWebSocket.exchange(port, headers, wsCase.frames(),
            wsCase.expect() == Expect.ANYTHING_CLEAN ? QUIET_MS : DEADLINE_MS, wsCase.expect() != Expect.ENDS);
        List<String> lines = logs.lines();
        List<String> errors = lines.subList(seen, lines.size()).stream().filter(line -> line.startsWith("ERROR")).toList();
        seen = lines.size();
        String wrong = judge(wsCase, reaction, errors);
        if (wrong != null) {
          failures.add(wsCase.name() + (wsCase.authenticated() ? " (authenticated)" : " (before auth)") + ": " + wrong + "; " + reaction
              + (errors.isEmpty() ? "" : "; logged " + errors));
        }
      }
    }
    System.out.println("fuzzing wall, websocket-auth-gateway /ws: " + cases.size() + " cases, seed " + SEED
        + "\n  new findings: " + failures.size());
    Reaction honest = RawWebSocket.exchange(port, List.of("Authorization: Bearer " + HostileValues.longLivedAccessToken()),
        List.of(text("still relaying")), DEADLINE_MS, true);
    assertThat(failures).as("WebSocket cases that broke the wall").isEmpty();
    assertThat(honest.opcodes()).as("an honest client after the fuzzing: " + honest).contains(TEXT);
  }

  private static String judge(WsCase wsCase, Reaction reaction, List<String> errors) {
    if (reaction.handshakeStatus() != 101) {
      return "the upgrade was refused";
    }
    if (!errors.isEmpty()) {
      return "an ERROR line";
    }
    return switch (wsCase.expect()) {
      case ENDS -> reaction.closeCode() >= 0 || reaction.dropped() ? null : "the socket did not end within " + DEADLINE_MS + " ms";
      case REPLIES -> reaction.opcodes().stream().anyMatch(op -> op != CLOSE) ? null : "no reply within " + DEADLINE_MS + " ms";
      case REACTS -> reaction.reacted() ? null : "no reaction within " + DEADLINE_MS + " ms";
      case ANYTHING_CLEAN -> null;
    };
  }

  private static List<WsCase> violations(boolean auth) {
    byte[] invalidUtf8 = {(byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0xaf};
    byte[] loneSurrogate = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
    return List.of(
        new WsCase("text frame of invalid UTF-8", auth, List.of(frame(true, 0, TEXT, invalidUtf8, true)), Expect.ENDS),
        new WsCase("text frame holding a lone surrogate's bytes", auth, List.of(frame(true, 0, TEXT, loneSurrogate, true)), Expect.ENDS),
        new WsCase("invalid UTF-8 split across fragments", auth, List.of(frame(false, 0, TEXT, new byte[] {(byte) 0xe2, (byte) 0x82}, true),
            frame(true, 0, CONTINUATION, new byte[] {(byte) 0x28}, true)), Expect.ENDS),
        new WsCase("reserved data opcode 0x3", auth, List.of(frame(true, 0, 0x3, bytes("x"), true)), Expect.ENDS),
        new WsCase("reserved control opcode 0xB", auth, List.of(frame(true, 0, 0xB, bytes("x"), true)), Expect.ENDS),
        new WsCase("RSV1 without a negotiated extension", auth, List.of(frame(true, 4, TEXT, bytes("x"), true)), Expect.ENDS),
        new WsCase("RSV2 set", auth, List.of(frame(true, 2, TEXT, bytes("x"), true)), Expect.ENDS),
        new WsCase("RSV3 set", auth, List.of(frame(true, 1, BINARY, bytes("x"), true)), Expect.ENDS),
        new WsCase("ping of 200 bytes (control frames hold at most 125)", auth, List.of(frame(true, 0, PING, new byte[200], true)), Expect.ENDS),
        new WsCase("fragmented ping", auth, List.of(frame(false, 0, PING, bytes("a"), true), frame(true, 0, CONTINUATION, bytes("b"), true)),
            Expect.ENDS),
        new WsCase("continuation with no message begun", auth, List.of(frame(true, 0, CONTINUATION, bytes("x"), true)), Expect.ENDS),
        new WsCase("a new message inside a fragmented one", auth, List.of(frame(false, 0, TEXT, bytes("a"), true),
            frame(true, 0, TEXT, bytes("b"), true)), Expect.ENDS),
        new WsCase("unmasked client frame", auth, List.of(frame(true, 0, TEXT, bytes("x"), false)), Expect.ENDS),
        new WsCase("length of 2^63-1 announced", auth, List.of(new byte[] {(byte) 0x82, (byte) 0xff, 0x7f, -1, -1, -1, -1, -1, -1, -1,
            1, 2, 3, 4}), Expect.ENDS),
        new WsCase("close code 999", auth, List.of(close(999, "")), Expect.ENDS),
        new WsCase("close code 1005 on the wire", auth, List.of(close(1005, "")), Expect.ENDS),
        new WsCase("close code 1006 on the wire", auth, List.of(close(1006, "")), Expect.ENDS),
        new WsCase("close code 5000", auth, List.of(close(5000, "")), Expect.ENDS),
        new WsCase("close code 65535", auth, List.of(close(65535, "")), Expect.ENDS),
        new WsCase("close with a one-byte payload", auth, List.of(frame(true, 0, CLOSE, new byte[] {3}, true)), Expect.ENDS),
        new WsCase("close with an invalid UTF-8 reason", auth, List.of(frame(true, 0, CLOSE, concat(code(1000), invalidUtf8), true)), Expect.ENDS),
        new WsCase("close with a 124-byte reason", auth, List.of(close(1000, "r".repeat(123))), Expect.ENDS),
        new WsCase("frames after a close", auth, List.of(close(1000, ""), text("after close"), text("again")), Expect.ENDS),
        new WsCase("compressed frame without negotiation", auth, List.of(frame(true, 4, TEXT,
            new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00}, true)), Expect.ENDS),
        new WsCase("ping with 125 bytes", auth, List.of(frame(true, 0, PING, new byte[125], true)), Expect.REPLIES),
        new WsCase("empty ping", auth, List.of(frame(true, 0, PING, new byte[0], true)), Expect.REPLIES),
        new WsCase("unsolicited pong", auth, List.of(frame(true, 0, 0xA, bytes("p"), true)), Expect.ANYTHING_CLEAN),
        new WsCase("ping inside a fragmented message", auth, List.of(frame(false, 0, TEXT, bytes("a"), true), frame(true, 0, PING, bytes("p"), true),
            frame(true, 0, CONTINUATION, bytes("b"), true)), auth ? Expect.REPLIES : Expect.REACTS),
        new WsCase("empty text frame", auth, List.of(frame(true, 0, TEXT, new byte[0], true)), Expect.ANYTHING_CLEAN),
        new WsCase("text of bidi overrides and NUL", auth, List.of(text("\u202e\u2066\u0000{\"type\":\"auth\"}")), Expect.ANYTHING_CLEAN));
  }

  private static List<WsCase> authMessages() {
    List<WsCase> cases = new ArrayList<>();
    List<String> messages = new ArrayList<>(List.of("not json", "{", "[]", "null", "1e308", "{\"type\":\"auth\"}", "{\"type\":\"auth\",\"token\":1e308}",
        "{\"type\":\"auth\",\"token\":{}}", "{\"type\":\"auth\",\"token\":\"\"}", "{\"type\":\"auth\",\"token\":\"a\",\"type\":\"reauth\"}",
        "{\"type\":\"reauth\",\"token\":\"x.y.z\"}", "{\"type\":1e308}", "{\"type\":\"\\u0000auth\"}", "{\"type\":\"auth\",\"token\":\"\\ud800\"}",
        "[".repeat(5_000) + "]".repeat(5_000), "{\"type\":\"auth\",\"token\":\"" + "a".repeat(9_000) + "\"}"));
    for (String token : HostileValues.absurdTokens()) {
      messages.add("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    }
    for (String message : messages) {
      // a refused auth message is answered (an error message, or a close); the auth timeout ends the socket later
      cases.add(new WsCase("first message " + abbreviate(message), false, List.of(text(message)), Expect.REACTS));
      cases.add(new WsCase("reauth " + abbreviate(message), true, List.of(text(message.replace("\"auth\"", "\"reauth\""))),
          Expect.ANYTHING_CLEAN));
    }
    return cases;
  }

  private static List<WsCase> randomFrames(Random random) {
    List<WsCase> cases = new ArrayList<>();
    for (int i = 0; i < RANDOM_CASES; i++) {
      List<byte[]> frames = new ArrayList<>();
      for (int f = random.nextInt(4) + 1; f > 0; f--) {
        byte[] payload = new byte[random.nextInt(4) == 0 ? 126 + random.nextInt(300) : random.nextInt(40)];
        random.nextBytes(payload);
        frames.add(frame(random.nextInt(3) != 0, random.nextInt(8) == 0 ? random.nextInt(8) : 0, random.nextInt(16), payload,
            random.nextInt(10) != 0));
      }
      cases.add(new WsCase("random #" + i, random.nextBoolean(), frames, Expect.ANYTHING_CLEAN));
    }
    return cases;
  }

  private static byte[] close(int code, String reason) {
    return frame(true, 0, CLOSE, concat(code(code), bytes(reason)), true);
  }

  private static byte[] code(int code) {
    return ByteBuffer.allocate(2).putShort((short) code).array();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }
}
