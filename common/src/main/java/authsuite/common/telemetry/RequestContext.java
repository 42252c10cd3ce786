package authsuite.common.telemetry;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider;

/**
 * What a request carries on its way through the code, kept on the Vert.x context of that request: every
 * callback it causes (a Redis reply, a timer, a query result) runs on the same duplicated context, so a log line
 * written there knows which request caused it. A thread-local would not: an event loop interleaves many requests.
 *
 * <p>It is a {@link VertxServiceProvider} only so that its context local is registered, as Vert.x requires, before
 * the first Vert.x instance is built (META-INF/services lists it); it installs nothing.
 */
public final class RequestContext implements VertxServiceProvider {
  private static final ContextLocal<String> CORRELATION_ID = ContextLocal.registerLocal(String.class);
  /** The suite service a deployment runs, kept on its event-loop context (the one its requests' contexts duplicate). */
  private static final ContextLocal<String> SERVICE = ContextLocal.registerLocal(String.class);

  @Override
  public void init(VertxBootstrap bootstrap) {
  }

  /**
   * Ties {@code correlationId} to what runs on {@code context} from now on. Only a request's own (duplicated) context
   * takes it: the event loop's shared context would hand it to every request after this one.
   */
  public static void attach(Context context, String correlationId) {
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.putLocal(CORRELATION_ID, correlationId);
    }
  }

  /** The correlation id of the request the current code runs for, or null outside any request. */
  public static String correlationId() {
    return correlationId(ContextInternal.current());
  }

  /** The correlation id {@code context} carries, or null. */
  public static String correlationId(Context context) {
    return context == null ? null : ((ContextInternal) context).getLocal(CORRELATION_ID);
  }

  /**
   * Marks {@code deploymentContext} (a verticle's own context) as running {@code serviceName}: every request, client
   * call and timer of that deployment runs on it or on a duplicate of it, so the tracer can tell whose span it is.
   */
  public static void runsService(Context deploymentContext, String serviceName) {
    ((ContextInternal) deploymentContext).unwrap().putLocal(SERVICE, serviceName);
  }

  /** The suite service whose deployment {@code context} belongs to, or null (the launcher's own, a stand-in). */
  public static String service(Context context) {
    return context == null ? null : ((ContextInternal) context).unwrap().getLocal(SERVICE);
  }

  /**
   * A fresh context, carrying {@code correlationId}, on which work caused by something that is not an HTTP request
   * (an event from another service, a probe round) runs, so that its log lines carry the id too.
   */
  public static ContextInternal forked(Context base, String correlationId) {
    ContextInternal fork = ((ContextInternal) base).unwrap().duplicate();
    if (correlationId != null) {
      fork.putLocal(CORRELATION_ID, correlationId);
    }
    return fork;
  }

  /**
   * As {@link #forked}, for work the code running now hands to another context (a JWKS download on its owner's event
   * loop): the fork carries this request's correlation id and its trace, so the work's log lines and spans are the
   * request's.
   */
  public static ContextInternal forkedFromCurrent(Context base) {
    ContextInternal fork = forked(base, correlationId());
    io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
    if (trace != io.opentelemetry.context.Context.root()) {
      VertxContextStorageProvider.VertxContextStorage.INSTANCE.attach(fork, trace);
    }
    return fork;
  }
}
