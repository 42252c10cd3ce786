package authsuite.launcher;

import authsuite.common.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Clients that keep calling while a fault happens: each of {@code concurrency} loops sends one request, waits for
 * its answer and sends the next, until stopped. Every answer is counted as right (what the user must see), a server
 * error, or another wrong answer; a request that got no answer at all (refused, reset) is a connection error.
 */
final class ClientTraffic {
  private final Supplier<Future<HttpResponse<Buffer>>> request;
  private final Predicate<HttpResponse<Buffer>> right;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong connectionErrors = new AtomicLong();
  private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
  private final List<Future<Void>> loops = new ArrayList<>();
  private volatile boolean stopped;

  private ClientTraffic(Supplier<Future<HttpResponse<Buffer>>> request, Predicate<HttpResponse<Buffer>> right) {
    this.request = request;
    this.right = right;
  }

  static ClientTraffic start(int concurrency, Supplier<Future<HttpResponse<Buffer>>> request,
                             Predicate<HttpResponse<Buffer>> right) {
    ClientTraffic traffic = new ClientTraffic(request, right);
    for (int i = 0; i < concurrency; i++) {
      traffic.loops.add(traffic.loop());
    }
    return traffic;
  }

  /** Stops sending and waits for the answers still due. */
  ClientTraffic stop() {
    stopped = true;
    Future.join(loops).await();
    return this;
  }

  /** Waits until the traffic is flowing: {@code answers} requests answered (fails when the patience is spent first). */
  ClientTraffic awaitServed(Vertx vertx, long answers, Duration patience) {
    Eventually.until(vertx, "the traffic has " + answers + " answers; wrong ones: " + wrongAnswers(),
        () -> served() >= answers, patience);
    return this;
  }

  long served() {
    return served.get();
  }

  long serverErrors() {
    return serverErrors.get();
  }

  long connectionErrors() {
    return connectionErrors.get();
  }

  /** The first few wrong answers, for the assertion message. */
  List<String> wrongAnswers() {
    return wrong.stream().limit(5).toList();
  }

  long wrongCount() {
    return wrong.size();
  }

  private Future<Void> loop() {
    Promise<Void> finished = Promise.promise();
    next(finished);
    return finished.future();
  }

  /** One request, then the next from its answer's callback: no future chain that grows with the requests sent. */
  private void next(Promise<Void> finished) {
    if (stopped) {
      finished.complete();
      return;
    }
    request.get().onComplete(done -> {
      if (done.failed()) {
        connectionErrors.incrementAndGet();
        wrong.add("no answer: " + done.cause());
      } else {
        HttpResponse<Buffer> answer = done.result();
        served.incrementAndGet();
        if (answer.statusCode() >= 500) {
          serverErrors.incrementAndGet();
        }
        if (!right.test(answer)) {
          wrong.add(answer.statusCode() + " " + answer.bodyAsString());
        }
      }
      next(finished);
    });
  }
}
