package authsuite.common.http;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.jwt.IssuerUnavailableException;
import authsuite.common.http.impl.StrictMessageFraming;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The one failure handler of every service: whatever failed, the client gets a problem+json
 * body with a stable code and the right status, and never a stack trace. Only failures that are
 * ours (500) are logged with their cause: a client's mistake, or a client hanging up, is never an ERROR
 * line. Errors vertx-web answers itself reach it too ({@link #forStatus}), and so do the requests Vert.x's
 * decoder refuses ({@link #invalidRequest}): one mapper for every client error (docs/robustness.md,
 * "one failure mapper").
 */
public final class ProblemResponder implements Handler<RoutingContext> {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);
  private static final int DEPENDENCY_RETRY_AFTER_S = 5;

  private final String service;

  public ProblemResponder(String service) {
    this.service = service;
  }

  @Override
  public void handle(RoutingContext ctx) {
    answer(ctx, ctx.statusCode());
  }

  /**
   * The router's handler for an error of this status: vertx-web calls it with neither a failure nor a
   * status when routing itself failed (a path it could not decode is its 400), so the status is the one
   * it was registered for.
   */
  public Handler<RoutingContext> forStatus(int status) {
    return ctx -> answer(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : status);
  }

  private void answer(RoutingContext ctx, int status) {
    Throwable failure = ctx.failure();
    if (closedByClient(failure)) {
      // the client hung up before its request was read or answered: nothing to answer, and no fault of ours
      // (docs/robustness.md, "client errors are not server errors")
      logClientGone(ctx);
      return;
    }
    Problem problem = toProblem(ctx, failure, status);
    boolean ours = problem.status() >= 500 && !(failure instanceof Problem)
        && !(failure instanceof DependencyUnavailableException) && !(failure instanceof IssuerUnavailableException);
    if (ctx.response().headWritten()) {
      if (ours) {
        logOurs(ctx, failure);
      }
      ctx.request().connection().close();
      return;
    }
    if (ours && failure instanceof IOException && !ctx.request().isEnded()) {
      // an I/O failure while the request was still arriving, a reset connection say: the client's, if the answer
      // cannot be written either (a failure of a call of ours leaves the connection to write on)
      send(ctx, problem).onComplete(sent -> {
        if (sent.succeeded()) {
          logOurs(ctx, failure);
        } else {
          logClientGone(ctx);
        }
      });
      return;
    }
    if (ours) {
      logOurs(ctx, failure);
    }
    send(ctx, problem);
  }

  private void logOurs(RoutingContext ctx, Throwable failure) {
    CorrelationId.ensure(ctx); // the line carries it, also when the request failed before it was read
    LOG.error("request failed", kv("service", service),
        kv("path", AccessLog.loggablePath(ctx.request().path())), failure);
  }

  private void logClientGone(RoutingContext ctx) {
    CorrelationId.ensure(ctx);
    LOG.debug("client closed the connection", kv("service", service),
        kv("path", AccessLog.loggablePath(ctx.request().path())));
  }

  /**
   * Vert.x tells of a connection the client closed before its request was read or answered, or of one it
   * closes itself because the client's body broke its own framing (a chunk size that is not hex): Netty's
   * HTTP decoder raised it, so it is the client's malformed message, not a fault of ours.
   */
  private static boolean closedByClient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpClosedException || raisedByHttpDecoder(cause)) {
        return true;
      }
    }
    return false;
  }

  private static boolean raisedByHttpDecoder(Throwable cause) {
    StackTraceElement[] frames = cause.getStackTrace();
    return frames.length > 0 && frames[0].getClassName().startsWith("io.netty.handler.codec.http.HttpObjectDecoder")
        || cause instanceof io.netty.handler.codec.DecoderException;
  }

  /** Writes the problem; one that says {@code Connection: close} (a request whose end is unknown) then closes the connection. */
  public static Future<Void> send(RoutingContext ctx, Problem problem) {
    problem.headers().forEach(ctx.response()::putHeader);
    Future<Void> sent = ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .end(problem.toJson(CorrelationId.ensure(ctx)).encode());
    if ("close".equalsIgnoreCase(problem.headers().get("Connection"))) {
      sent.onComplete(done -> ctx.request().connection().close());
    }
    return sent;
  }

  /**
   * The server's answer to a request its decoder refused, which no router sees: a problem like any
   * other, then the connection closes, since where a next request would start is not known.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof StrictMessageFraming.AmbiguousFraming) {
      problem = Problem.badRequest("ambiguous_framing",
          "the body's length cannot be told for sure: send Content-Length, or Transfer-Encoding: chunked alone");
    } else if (cause instanceof StrictMessageFraming.BareCarriageReturn) {
      problem = Problem.badRequest("malformed_request", "a carriage return in the request head must be followed by a line feed");
    } else if (cause instanceof TooLongHttpLineException) {
      problem = new Problem(414, "uri_too_long", "the request line is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      problem = byStatus(431, null);
    } else {
      problem = Problem.badRequest("malformed_request", "the request is not valid HTTP/1.1");
    }
    String correlationId = CorrelationId.accepted(request.getHeader(CorrelationId.HEADER));
    HttpServerResponse response = request.response();
    problem.headers().forEach(response::putHeader);
    response.setStatusCode(problem.status())
        .putHeader(CorrelationId.HEADER, correlationId)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(problem.toJson(correlationId).encode())
        .onComplete(sent -> request.connection().close());
  }

  /**
   * What the client is told. A status of 4xx that vertx-web set with a cause of its own (a request without a
   * usable Host, a path it cannot decode) is the client's error, told by its status; any other failure that
   * is not a problem is ours.
   */
  static Problem toProblem(RoutingContext ctx, Throwable failure, int status) {
    if (status == 400 && !(failure instanceof Problem) && !(failure instanceof HttpException)) {
      if (ctx.request().authority() == null && ctx.request().version() != HttpVersion.HTTP_1_0) {
        return Problem.badRequest("invalid_host", "send one Host header naming a host (and a port from 1 to 65535)");
      }
      Problem target = RequestTarget.problem(ctx);
      if (target != null) {
        return target;
      }
    }
    if (status >= 400 && status < 500 && failure != null && !(failure instanceof Problem) && !(failure instanceof HttpException)
        && !(failure instanceof DecodeException)) {
      return byStatus(status, null);
    }
    return toProblem(failure, status);
  }

  static Problem toProblem(Throwable failure, int status) {
    if (failure instanceof Problem problem) {
      return problem;
    }
    if (failure instanceof DependencyUnavailableException down) {
      return Problem.unavailable(down.dependency() + "_unavailable",
          down.dependency() + " is unavailable; try again shortly", DEPENDENCY_RETRY_AFTER_S);
    }
    if (failure instanceof IssuerUnavailableException down) {
      return Problem.unavailable("issuer_unavailable", "the token's issuer cannot be reached to fetch its keys; try again shortly",
          DEPENDENCY_RETRY_AFTER_S);
    }
    if (failure instanceof DecodeException) {
      return JsonBody.malformed();
    }
    if (failure instanceof HttpException http) {
      if (http.getCause() instanceof ValidatorException invalid) {
        return fromValidation(invalid);
      }
      return byStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure == null && status >= 400) {
      return byStatus(status, null);
    }
    return new Problem(500, "internal_error", "the request could not be completed");
  }

  private static Problem fromValidation(ValidatorException invalid) {
    return switch (invalid.type()) {
      case ILLEGAL_VALUE -> invalid.getMessage().endsWith("can't be decoded")
          ? JsonBody.malformed()
          : Problem.badRequest("invalid_request", invalid.getMessage());
      case INVALID_VALUE_FORMAT -> Problem.badRequest("malformed_json", invalid.getMessage());
      case UNSUPPORTED_VALUE_FORMAT -> new Problem(415, "unsupported_media_type", invalid.getMessage());
      default -> Problem.badRequest("invalid_request", invalid.getMessage());
    };
  }

  private static Problem byStatus(int status, String payload) {
    return switch (status) {
      case 400 -> Problem.badRequest("bad_request", payload != null ? payload : "the request is malformed");
      case 401 -> Problem.unauthorized("unauthorized", "authentication is required");
      case 403 -> Problem.forbidden("forbidden", "not allowed");
      case 404 -> Problem.notFound("not_found", "no such resource");
      case 405 -> new Problem(405, "method_not_allowed", "this resource does not accept that method");
      case 413 -> new Problem(413, "payload_too_large", "the request body exceeds " + RequestLimits.MAX_BODY_BYTES + " bytes");
      case 415 -> new Problem(415, "unsupported_media_type", "send application/json");
      case 431 -> new Problem(431, "headers_too_large", "the request headers are too large");
      default -> status >= 400 && status < 500
          ? new Problem(status, "bad_request", "the request cannot be processed")
          : new Problem(500, "internal_error", "the request could not be completed");
    };
  }
}
