// The smoke test deploy/containers/smoke.sh runs against a compose stack's published ports, with the JDK
// alone (single-file source launch: `java SmokeCheck.java`), so the host needs no curl, no WebSocket client.
//   SMOKE_HOST (127.0.0.1), SMOKE_PORT_OFFSET (0), SMOKE_EDGE (true: the edge on 8080 is part of the stack),
//   SMOKE_INTERNAL_TOKEN (an internal token for the coordinator's drill: `authsuite.jar internal-token`)
// Checks, in order, each printed with its time; the first failure ends the run with exit code 1:
//   1. GET /health/ready on 8025-8029: 200 from all five services
//   2. GET /demo/ and /demo/lib/index.js on the coordinator (the web client and demo are in the image)
//   3. through the edge: /api/v1/health/integration names all five services healthy, / serves the demo page
//   4. the sign-in drill through the edge: the coordinator forced to degraded mode (a drill, on 8029: the
//      edge hides /api/v1/coordinator/mode), emergency sign-in as the demo user from PostgreSQL's init
//      script, the token validated by the normalizer, a WebSocket ticket from the gateway
//   5. the WebSocket round trip through the edge: /ws?ticket=..., "smoke-<n>" comes back as "echo: smoke-<n>"
//      from the demo profile's echo chat behind the gateway
//   6. the drill ended (mode back to automatic)
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SmokeCheck {
  static final String HOST = env("SMOKE_HOST", "127.0.0.1");
  static final boolean EDGE = Boolean.parseBoolean(env("SMOKE_EDGE", "true"));
  // published ports are the compose file's plus this (smoke.sh shifts them when the defaults are taken)
  static final int OFFSET = Integer.parseInt(env("SMOKE_PORT_OFFSET", "0"));
  static final String[][] SERVICES = {
    {"jwt-token-adapter", "8025"}, {"session-validation-normalizer", "8026"}, {"fallback-session-provider", "8027"},
    {"websocket-auth-gateway", "8028"}, {"service-boundary-coordinator", "8029"}};
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static void main(String[] args) throws Exception {
    long all = System.nanoTime();
    for (String[] service : SERVICES) {
      step("health " + service[0], () -> expect(get("http://" + HOST + ":" + port(service[1]) + "/health/ready"), 200, "\"status\""));
    }
    String coordinator = "http://" + HOST + ":" + port("8029");
    step("coordinator serves /demo/ (web client demo in the image)", () -> expect(get(coordinator + "/demo/"), 200, "<html"));
    step("coordinator serves /demo/lib/index.js (compiled web client)", () -> expect(get(coordinator + "/demo/lib/index.js"), 200, "export"));
    String base = EDGE ? "http://" + HOST + ":" + port("8080") : null;
    if (EDGE) {
      step("edge: integration report, all five healthy", () -> {
        String body = expect(get(base + "/api/v1/health/integration"), 200, "\"jwt_token_adapter\"");
        for (String key : new String[] {"jwt_token_adapter", "session_validation_normalizer", "fallback_session_provider",
            "websocket_auth_gateway", "service_boundary_coordinator"}) {
          String status = field(body, key);
          if (!"healthy".equals(status) && !"degraded".equals(status)) {
            throw new IllegalStateException(key + " is " + status + ": " + body);
          }
        }
        return body;
      });
      step("edge: / serves the demo page", () -> expect(get(base + "/"), 200, "<html"));
    }
    String front = EDGE ? base : null;
    String token = System.getenv("SMOKE_INTERNAL_TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalStateException("SMOKE_INTERNAL_TOKEN is not set");
    }
    step("drill: coordinator forced to degraded", () -> expect(send("POST", coordinator + "/api/v1/coordinator/mode",
        "{\"mode\": \"degraded\", \"expires_in_s\": 300}", token), 200, "degraded"));
    String fallback = front != null ? front : "http://" + HOST + ":" + port("8027");
    String normalizer = front != null ? front : "http://" + HOST + ":" + port("8026");
    String gateway = front != null ? front : "http://" + HOST + ":" + port("8028");
    String[] access = new String[1];
    step("emergency sign-in as demo (PostgreSQL users table)" + via(), () -> {
      String body = null;
      // the fallback provider learns the mode from the coordinator's event: give it a few seconds
      for (int attempt = 0; attempt < 20; attempt++) {
        HttpResponse<String> response = send("POST", fallback + "/api/v1/fallback/emergency-auth",
            "{\"username\": \"demo\", \"password\": \"demo-password-change-me\"}", null);
        body = response.body();
        if (response.statusCode() == 200) {
          access[0] = field(body, "access_token");
          return body;
        }
        if (response.statusCode() != 403) {
          throw new IllegalStateException("emergency-auth: " + response.statusCode() + " " + body);
        }
        Thread.sleep(500);
      }
      throw new IllegalStateException("emergency-auth never opened: " + body);
    });
    step("token validated by the normalizer" + via(), () -> expect(send("POST", normalizer + "/api/v1/session/validate", "{}", access[0]),
        200, "\"valid\":true"));
    String[] ticket = new String[1];
    step("WebSocket ticket from the gateway" + via(), () -> {
      String body = expect(send("POST", gateway + "/api/v1/ws-auth/validate", "{}", access[0]), 200, "\"ticket\"");
      ticket[0] = field(body, "ticket");
      return body;
    });
    step("WebSocket round trip" + via() + " to the echo chat", () -> roundTrip(gateway.replace("http", "ws") + "/ws?ticket=" + ticket[0]));
    step("drill ended", () -> expect(send("POST", coordinator + "/api/v1/coordinator/mode", "{\"mode\": null}", token), 200, ""));
    System.out.printf("[smoke] all checks passed in %d ms%n", (System.nanoTime() - all) / 1_000_000);
  }

  interface Check {
    String run() throws Exception;
  }

  static int port(String published) {
    return Integer.parseInt(published) + OFFSET;
  }

  static String via() {
    return EDGE ? " through the edge" : "";
  }

  static void step(String name, Check check) throws Exception {
    long start = System.nanoTime();
    try {
      check.run();
      System.out.printf("[smoke] ok   %-62s %5d ms%n", name, (System.nanoTime() - start) / 1_000_000);
    } catch (Exception | AssertionError e) {
      System.out.printf("[smoke] FAIL %-62s %5d ms: %s%n", name, (System.nanoTime() - start) / 1_000_000, e.getMessage());
      System.exit(1);
    }
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> send(String method, String url, String json, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String expect(HttpResponse<String> response, int status, String contains) {
    String body = response.body();
    if (response.statusCode() != status || !body.replace(" ", "").contains(contains.replace(" ", ""))) {
      throw new IllegalStateException(response.request().method() + " " + response.uri() + ": " + response.statusCode()
          + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
    }
    return body;
  }

  /** A top-level-ish string field of a JSON body (the smoke test needs no JSON library). */
  static String field(String body, String name) {
    Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
    if (!matcher.find()) {
      throw new IllegalStateException("no \"" + name + "\" in " + body);
    }
    return matcher.group(1);
  }

  static String roundTrip(String url) throws Exception {
    String text = "smoke-" + System.nanoTime();
    CompletableFuture<String> reply = new CompletableFuture<>();
    WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(url), new WebSocket.Listener() {
          private final StringBuilder message = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
              String whole = message.toString();
              message.setLength(0);
              if (whole.contains(text)) {
                reply.complete(whole);
              }
            }
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
            reply.completeExceptionally(new IllegalStateException("closed " + status + " " + reason));
            return null;
          }

          @Override
          public void onError(WebSocket webSocket, Throwable error) {
            reply.completeExceptionally(error);
          }
        }).get(10, TimeUnit.SECONDS);
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    String answer = reply.get(10, TimeUnit.SECONDS);
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "smoke done").get(5, TimeUnit.SECONDS);
    if (!answer.equals("echo: " + text)) {
      throw new IllegalStateException("expected \"echo: " + text + "\", got \"" + answer + "\"");
    }
    return answer;
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
