package authsuite.common.platform;

import authsuite.common.config.DatabaseSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** A PostgreSQL pool from configuration; connects lazily, so a database that is down does not stop a start. */
public final class PgPools {
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private PgPools() {
  }

  public static Pool create(Vertx vertx, DatabaseSettings settings) {
    PgConnectOptions connect = PgConnectOptions.fromUri(settings.url());
    if (settings.schema() != null) {
      connect.addProperty("search_path", settings.schema());
    }
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(8).setMaxWaitQueueSize(256))
        .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }
}
