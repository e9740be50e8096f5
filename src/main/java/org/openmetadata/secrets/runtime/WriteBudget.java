package org.openmetadata.secrets.runtime;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket over the operator's write requests (every method but GET): {@code rate} per
 * second on average, {@code burst} at once. fabric8 has no client-side rate limiter, so without
 * this a burst of reconciliations becomes a burst of writes. It blocks the calling reconcile
 * thread, which is the back-pressure wanted. Reads (and watches) are not limited: they are served
 * by informers. HTTP 429 and 5xx are retried with backoff (honouring Retry-After) by fabric8.
 */
public final class WriteBudget implements Interceptor {

  /** Sleeps for the given nanoseconds; tests pass a recorder. */
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  public WriteBudget(double ratePerSecond, int burst) {
    this(ratePerSecond, burst, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  public WriteBudget(double ratePerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a write budget needs a positive rate and a burst of at least 1");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (!"GET".equals(request.method())) {
      acquire();
    }
  }

  /** Takes one token, waiting for it when the bucket is empty. */
  public void acquire() {
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
      last = now;
      tokens -= 1;
      // A negative balance is a debt: this caller waits until its token has been earned.
      wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }
    if (wait > 0) {
      try {
        sleeper.sleepNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

}
