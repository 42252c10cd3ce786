package authsuite.common.events;

import authsuite.common.testing.RedisCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Auth events on a 3-master Redis Cluster: a PUBLISH on any node reaches the subscriber")
class RedisClusterAuthEventChannelTest extends AuthEventChannelContractTest {

  private Redis publisher;
  private Redis raw;

  @Override
  protected AuthEventChannel open(Vertx vertx) {
    publisher = Redis.createClient(vertx, RedisCluster.shared().options());
    raw = Redis.createClient(vertx, RedisCluster.shared().options());
    return AuthEventChannel.redis(vertx, publisher, RedisCluster.shared().options(), channelName);
  }

  @Override
  protected void publishRaw(Vertx vertx, String payload) {
    raw.send(Request.cmd(Command.PUBLISH, channelName, payload)).await();
  }

  @Override
  protected void cleanUp(Vertx vertx) {
    publisher.close().await();
    raw.close().await();
  }

  @Override
  @Test
  @DisplayName("publishCounted answers -1 (cannot count): a cluster's PUBLISH counts the receivers of one node only; the event still arrives")
  void publishCountedCountsReceivers() {
    EventInbox inbox = new EventInbox();
    channel.subscribe(inbox).await();

    assertThat(channel.publishCounted(AuthEvent.of("logout", null, "test/1")).await()).isEqualTo(-1L);
    assertThat(inbox.next().type()).isEqualTo("logout");
  }

  @Test
  @DisplayName("an event published on each master, one at a time, is heard once each")
  void publishedOnEveryNode(Vertx vertx) {
    EventInbox inbox = new EventInbox();
    channel.subscribe(inbox).await();
    List<String> nodes = RedisCluster.shared().urls();
    List<AuthEvent> sent = new ArrayList<>();
    for (String node : nodes) {
      AuthEvent event = AuthEvent.of("revoke_session", new JsonObject().put("session_id", node), "test/1");
      sent.add(event);
      Redis direct = Redis.createClient(vertx, node);
      try {
        direct.send(Request.cmd(Command.PUBLISH, channelName, event.toJson().encode())).await();
      } finally {
        direct.close().await();
      }
    }
    List<AuthEvent> heard = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      heard.add(inbox.next());
    }
    assertThat(heard).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(inbox.isEmpty()).isTrue();
  }
}
