package authsuite.common.redis;

import authsuite.common.DependencyUnavailableException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A Lua script run by its SHA1 ({@code EVALSHA}), sent in full ({@code EVAL}, which also caches it) only when the
 * server answers {@code NOSCRIPT}: after a restart, a failover or a {@code SCRIPT FLUSH}. Failures other than that
 * surface as {@link DependencyUnavailableException} ("redis").
 */
public final class RedisScript {

  private final String source;
  private final String sha1;

  public RedisScript(String source) {
    this.source = Objects.requireNonNull(source, "source");
    this.sha1 = sha1Of(source);
  }

  public Future<Response> run(Redis redis, List<String> keys, List<Object> args) {
    Future<Response> byHash = redis.send(request(Command.EVALSHA, sha1, keys, args));
    return DependencyUnavailableException.whenFailing("redis", byHash.recover(cause -> isNoScript(cause)
      ? redis.send(request(Command.EVAL, source, keys, args))
      : Future.failedFuture(cause)));
  }

  private static Request request(Command command, String script, List<String> keys, List<Object> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(arg -> request.arg(String.valueOf(arg)));
    return request;
  }

  private static boolean isNoScript(Throwable cause) {
    String message = cause.getMessage();
    return message != null && (message.startsWith("NOSCRIPT") || message.startsWith("ERR NOSCRIPT"));
  }

  private static String sha1Of(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-1", e);
    }
  }
}
