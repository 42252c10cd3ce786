package authsuite.jwt;

import authsuite.common.SuiteService;
import authsuite.common.http.JsonBody;
import authsuite.common.http.ProblemResponder;
import authsuite.common.http.RequestLimits;
import authsuite.common.platform.ApiContract;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validate is read by hand ({@link ValidateRequest}) on its hot path, and its operation in the contract gets no
 * handler. This holds the hand reader to the contract: the same bodies go to the hand reader (mounted as
 * TokenRoutes mounts it) and to the contract's validateToken operation behind the API router's guards and
 * vertx-openapi's RequestValidator (mounted as ServiceRouter mounts it), and both must accept, or refuse with
 * the same status, every one of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("validate's hand-written reader accepts and refuses exactly what the contract's schema does")
class ValidateRequestContractTest {
  private static final String PATH = "/api/v1/jwt/validate";

  private Vertx vertx;
  private WebClient client;
  private int handPort;
  private int contractPort;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    ProblemResponder problems = new ProblemResponder("contract-test");

    Router hand = Router.router(vertx);
    hand.post(PATH).handler(BodyHandler.create(false).setBodyLimit(RequestLimits.MAX_BODY_BYTES))
        .handler(ctx -> ValidateRequest.from(ctx).onSuccess(read -> ctx.end("accepted")).onFailure(ctx::fail));
    hand.route().failureHandler(problems);
    handPort = listen(hand);

    ApiContract contract = ApiContract.load(vertx, SuiteService.JWT_TOKEN_ADAPTER,
        ApiContract.defaultResource(SuiteService.JWT_TOKEN_ADAPTER)).await();
    RouterBuilder api = RouterBuilder.create(vertx, contract.contract(), RequestExtractor.withBodyHandler())
        .rootHandler(JsonBody.formsRefused())
        .rootHandler(BodyHandler.create(false).setBodyLimit(RequestLimits.MAX_BODY_BYTES))
        .rootHandler(new RequestLimits())
        .rootHandler(JsonBody.guard());
    api.getRoute("validateToken").addHandler(ctx -> ctx.end("accepted"));
    api.getRoutes().forEach(route -> route.addFailureHandler(problems));
    Router viaContract = api.createRouter();
    viaContract.route().failureHandler(problems);
    contractPort = listen(viaContract);
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  static Stream<Arguments> bodies() {
    JsonArray fiftyRoles = new JsonArray(Collections.nCopies(50, "r"));
    JsonArray fiftyOneRoles = new JsonArray(Collections.nCopies(51, "r"));
    return Stream.of(
        // accepted
        Arguments.of("no body", null, ""),
        Arguments.of("an empty object", JSON, "{}"),
        Arguments.of("all three fields", JSON, "{\"token\":\"a.b.c\",\"audience\":\"app\",\"required_roles\":[\"admin\"]}"),
        Arguments.of("an unknown field", JSON, "{\"token\":\"a.b.c\",\"extra\":{\"any\":[1,2]}}"),
        Arguments.of("no roles", JSON, "{\"required_roles\":[]}"),
        Arguments.of("50 roles", JSON, new JsonObject().put("required_roles", fiftyRoles).encode()),
        Arguments.of("a null token", JSON, "{\"token\":null}"),
        Arguments.of("null roles", JSON, "{\"required_roles\":null}"),
        Arguments.of("JSON null", JSON, "null"),
        Arguments.of("a utf-8 charset", "application/json; charset=utf-8", "{\"token\":\"a.b.c\"}"),
        // refused: the schema
        Arguments.of("51 roles", JSON, new JsonObject().put("required_roles", fiftyOneRoles).encode()),
        Arguments.of("a numeric token", JSON, "{\"token\":5}"),
        Arguments.of("an object token", JSON, "{\"token\":{\"a\":1}}"),
        Arguments.of("a boolean audience", JSON, "{\"audience\":true}"),
        Arguments.of("roles as a string", JSON, "{\"required_roles\":\"admin\"}"),
        Arguments.of("a numeric role", JSON, "{\"required_roles\":[1]}"),
        // refused: not one JSON object
        Arguments.of("an array", JSON, "[]"),
        Arguments.of("a string", JSON, "\"a.b.c\""),
        Arguments.of("a number", JSON, "1"),
        Arguments.of("not JSON", JSON, "{\"token\":"),
        Arguments.of("a repeated field", JSON, "{\"token\":\"a.b.c\",\"token\":\"x.y.z\"}"),
        Arguments.of("trailing text", JSON, "{\"token\":\"a.b.c\"} x"),
        Arguments.of("too deep", JSON, "{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}"),
        Arguments.of("another media type", "text/plain", "{\"token\":\"a.b.c\"}"));
  }

  private static final String JSON = "application/json";

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void sameVerdict(String name, String contentType, String body) {
    String hand = verdict(handPort, contentType, body);
    String viaContract = verdict(contractPort, contentType, body);

    assertThat(hand).as("the hand reader's verdict on %s", name).isEqualTo(viaContract);
  }

  /**
   * "accepted", or the refusal's status. Not its code: a well-formed body that is not an object is
   * {@code malformed_json} from the hand reader and {@code invalid_request} from the generic validator; both 400.
   */
  private String verdict(int port, String contentType, String body) {
    var request = client.post(port, "127.0.0.1", PATH);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    HttpResponse<Buffer> answer = (body.isEmpty() ? request.send() : request.sendBuffer(Buffer.buffer(body))).await();
    return answer.statusCode() == 200 ? answer.bodyAsString() : "refused " + answer.statusCode();
  }

  private int listen(Router router) {
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    return server.actualPort();
  }
}
