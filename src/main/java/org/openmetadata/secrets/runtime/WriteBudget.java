package org.openmetadata.secrets.runtime;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket over the operator's write requests (every method but GET): {@code rate} per
 * second on average, {@code burst} at once, shared fairly between namespaces ({@link FairBucket}:
 * when writes have to wait, the namespaces in the requests' paths take turns). fabric8 has no
 * client-side rate limiter, so without this a burst of reconciliations becomes a burst of writes.
 * It blocks the calling reconcile thread, which is the back-pressure wanted. Reads (and watches)
 * are not limited: they are served by informers. HTTP 429 and 5xx are retried with backoff
 * (honouring Retry-After) by fabric8.
 */
public final class WriteBudget implements Interceptor {

  private final FairBucket bucket;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition granted = lock.newCondition();

  public WriteBudget(double ratePerSecond, int burst) {
    this.bucket = new FairBucket(ratePerSecond, burst, System.nanoTime());
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    if (!"GET".equals(request.method())) {
      acquire(namespaceOf(request.uri().getPath()));
    }
  }

  /** Takes one token for a write in {@code namespace}, waiting for it (and its turn) when there is none. */
  public void acquire(String namespace) {
    lock.lock();
    try {
      FairBucket.Ticket ticket = bucket.take(namespace, System.nanoTime());
      // Whichever waiting caller wakes first hands out the tokens earned meanwhile, in turn.
      granted.signalAll();
      while (!ticket.granted()) {
        granted.awaitNanos(bucket.nanosToNextToken(System.nanoTime()));
        if (bucket.handOut(System.nanoTime())) {
          granted.signalAll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** The namespace of a request path (…/namespaces/NS/resource…); "" for cluster-scoped requests. */
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
