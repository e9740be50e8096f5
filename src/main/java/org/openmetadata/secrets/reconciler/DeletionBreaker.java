package org.openmetadata.secrets.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Trips when more than {@code threshold} resources are deleted within {@code window} (a removed
 * CRD, a wiped namespace, a bad GitOps prune). Once open it stays open until the operator restarts:
 * meanwhile every resource gets the Retain finalizer, so the Secrets of further deletions are kept.
 * A zero threshold disables it.
 */
public final class DeletionBreaker {

  private record Deletion(String uid, Instant at) {}

  private final int threshold;
  private final Duration window;
  private final Clock clock;
  private final Runnable onTrip;
  private final Deque<Deletion> recent = new ArrayDeque<>();
  private final Set<String> counted = new HashSet<>();
  private volatile boolean open;

  public DeletionBreaker(int threshold, Duration window, Clock clock, Runnable onTrip) {
    this.threshold = threshold;
    this.window = window;
    this.clock = clock;
    this.onTrip = onTrip;
  }

  /** Counts one deletion (each resource once, however often it is seen); may trip the breaker. */
  public void recordDeletion(String uid) {
    if (threshold == 0 || uid == null) {
      return;
    }
    boolean tripped;
    synchronized (this) {
      Instant now = clock.instant();
      while (!recent.isEmpty() && recent.peekFirst().at().isBefore(now.minus(window))) {
        counted.remove(recent.removeFirst().uid());
      }
      if (!counted.add(uid)) {
        return;
      }
      recent.addLast(new Deletion(uid, now));
      tripped = !open && recent.size() > threshold;
      open |= tripped;
    }
    if (tripped) {
      onTrip.run();
    }
  }

  public boolean open() {
    return open;
  }

  public String describe() {
    return "more than " + threshold + " resources were deleted within " + window.toSeconds()
        + " s; the Secrets of deleted resources are kept until the operator is restarted";
  }
}
