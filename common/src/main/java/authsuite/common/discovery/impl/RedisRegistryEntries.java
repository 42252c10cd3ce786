package authsuite.common.discovery.impl;

import authsuite.common.DependencyUnavailableException;
import authsuite.common.discovery.ServiceInstance;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One key per instance, {@code <prefix>registry:{<service>}:<instanceId>}, expiring on its own; a set per service
 * ({@code <prefix>registry:{<service>}:instances}) and a set of services index them without KEYS or SCAN. The service
 * is the hash tag, so that one service's keys share a Redis Cluster slot and its lookup stays one MGET (split across
 * slots, a cluster client answers an MGET out of order). Redis cannot expire set members, so a lookup that finds a
 * member whose key is gone removes it.
 */
public final class RedisRegistryEntries implements RegistryEntries {

  private static final Logger LOG = LoggerFactory.getLogger(RedisRegistryEntries.class);

  private final Redis redis;
  private final String registryPrefix;

  public RedisRegistryEntries(Redis redis, String keyPrefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.registryPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix") + "registry:";
  }

  @Override
  public Future<Void> write(ServiceInstance instance, Duration ttl) {
    // the key before its set member, so that a lookup never sees a member without its key and drops it
    return send(Request.cmd(Command.SET, instanceKey(instance.service(), instance.instanceId()),
        instance.toJson().encode(), "PX", ttl.toMillis()))
      .compose(v -> send(Request.cmd(Command.SADD, instancesKey(instance.service()), instance.instanceId())))
      .compose(v -> send(Request.cmd(Command.SADD, servicesKey(), instance.service())))
      .mapEmpty();
  }

  @Override
  public Future<Void> remove(ServiceInstance instance) {
    return send(Request.cmd(Command.DEL, instanceKey(instance.service(), instance.instanceId())))
      .compose(v -> send(Request.cmd(Command.SREM, instancesKey(instance.service()), instance.instanceId())))
      .mapEmpty();
  }

  @Override
  public Future<List<ServiceInstance>> live(String service) {
    return send(Request.cmd(Command.SMEMBERS, instancesKey(service)))
      .compose(members -> members == null || members.size() == 0
        ? Future.succeededFuture(List.of())
        : fetch(service, strings(members)));
  }

  @Override
  public Future<List<ServiceInstance>> allLive() {
    return send(Request.cmd(Command.SMEMBERS, servicesKey()))
      .compose(services -> Future.all(strings(services).stream().map(this::live).toList()))
      .map(perService -> perService.<List<ServiceInstance>>list().stream()
        .flatMap(Collection::stream)
        .sorted(ORDER)
        .toList());
  }

  private Future<List<ServiceInstance>> fetch(String service, List<String> instanceIds) {
    Request mget = Request.cmd(Command.MGET);
    instanceIds.forEach(id -> mget.arg(instanceKey(service, id)));
    return send(mget).compose(values -> {
      List<ServiceInstance> live = new ArrayList<>();
      List<String> expired = new ArrayList<>();
      for (int i = 0; i < instanceIds.size(); i++) {
        Response value = values.get(i);
        if (value == null) {
          expired.add(instanceIds.get(i));
        } else {
          live.add(ServiceInstance.fromJson(new JsonObject(value.toBuffer())));
        }
      }
      live.sort(ORDER);
      return dropMembers(service, expired).map(v -> List.copyOf(live));
    });
  }

  /** Best effort: a member left behind now is dropped by the next lookup. */
  private Future<Void> dropMembers(String service, List<String> expiredIds) {
    if (expiredIds.isEmpty()) {
      return Future.succeededFuture();
    }
    Request srem = Request.cmd(Command.SREM).arg(instancesKey(service));
    expiredIds.forEach(srem::arg);
    return send(srem)
      .onFailure(cause -> LOG.debug("could not drop expired instances of {}: {}", service, cause.getMessage()))
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  private Future<Response> send(Request request) {
    return DependencyUnavailableException.whenFailing("redis", redis.send(request));
  }

  private static List<String> strings(Response members) {
    List<String> values = new ArrayList<>();
    if (members != null) {
      members.forEach(member -> values.add(member.toString()));
    }
    return values;
  }

  private String instanceKey(String service, String instanceId) {
    return registryPrefix + "{" + service + "}:" + instanceId;
  }

  private String instancesKey(String service) {
    return registryPrefix + "{" + service + "}:instances";
  }

  private String servicesKey() {
    return registryPrefix + "services";
  }
}
