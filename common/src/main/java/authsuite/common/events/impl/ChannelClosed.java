package authsuite.common.events.impl;

import io.vertx.core.Future;

final class ChannelClosed {

  private ChannelClosed() {
  }

  static <T> Future<T> failure(String channelName) {
    return Future.failedFuture(new IllegalStateException("auth event channel " + channelName + " is closed"));
  }
}
