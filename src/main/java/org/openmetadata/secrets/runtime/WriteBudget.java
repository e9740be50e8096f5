package org.openmetadata.secrets.runtime;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A token bucket over the operator's write requests (every method but GET): {@code rate} per second
 * on average, {@code burst} at once, shared fairly between namespaces ({@link FairBucket}: when
 * writes have to wait, the namespaces in the requests' paths take turns). fabric8 has no
 * client-side rate limiter, so without this a burst of reconciliations becomes a burst of writes.
 * It blocks the calling reconcile thread, which is the back-pressure wanted. Reads (and watches)
 * are not limited: they are served by informers. HTTP 429 and 5xx are retried with backoff
 * (honouring Retry-After) by fabric8.
 */
public final class WriteBudget implements Interceptor {

  private final FairBucket bucket;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition granted = lock.newCondition();

  public WriteBudget(double ratePerSecond, int burst) {
    this(ratePerSecond, burst, System::nanoTime);
  }

  /**
   * @param nanoTime the clock tokens are earned by; tests stop it
   */
  WriteBudget(double ratePerSecond, int burst, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.bucket = new FairBucket(ratePerSecond, burst, nanoTime.getAsLong());
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (!"GET".equals(request.method())) {
      acquire(namespaceOf(request.uri().getPath()));
    }
  }

  /**
   * Takes one token for a write in {@code namespace}, waiting for it (and its turn) when there is
   * none. A thread interrupted while it waits (the reconcile pool stopping) gives up its place and
   * its write: this throws, as fabric8 does for a request interrupted in flight, with the thread's
   * interrupt flag set again, so the write is never sent without a token and the caller sees a
   * failed request.
   */
  public void acquire(String namespace) {
    lock.lock();
    try {
      FairBucket.Ticket ticket = bucket.take(namespace, nanoTime.getAsLong());
      // Whichever waiting caller wakes first hands out the tokens earned meanwhile, in turn.
      granted.signalAll();
      awaitGrant(ticket);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, holding the lock, until {@code ticket} is granted; an interrupted caller withdraws it
   * and throws.
   */
  private void awaitGrant(FairBucket.Ticket ticket) {
    try {
      while (!ticket.granted()) {
        granted.awaitNanos(bucket.nanosToNextToken(nanoTime.getAsLong()));
        if (bucket.handOut(nanoTime.getAsLong())) {
          granted.signalAll();
        }
      }
    } catch (InterruptedException e) {
      // A token granted meanwhile goes to the next waiter, not to a write that will not be sent.
      if (bucket.cancel(ticket, nanoTime.getAsLong())) {
        granted.signalAll();
      }
      Thread.currentThread().interrupt();
      throw new KubernetesClientException(
          "interrupted while waiting for the write budget; the write was not sent", e);
    }
  }

  /** How many writes wait for a token. */
  int waiting() {
    lock.lock();
    try {
      return bucket.waiting();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The namespace of a request path (…/namespaces/NS/resource…); "" for cluster-scoped requests.
   */
  static String namespaceOf(String path) {
    String[] parts = path.split("/");
    for (int i = 0; i + 2 < parts.length; i++) {
      if ("namespaces".equals(parts[i])) {
        return parts[i + 1];
      }
    }
    return "";
  }
}
