package org.openmetadata.secrets.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One circuit breaker per namespace: it trips when more than {@code threshold} resources of that
 * namespace are deleted within {@code window} (a bad GitOps prune, a script gone wrong), so a
 * namespace's mass deletion pauses Secret deletions in that namespace and nowhere else. Once open
 * it stays open until {@link #close closed}; {@link BreakerRecord} keeps that state in the
 * operator's namespace, where an administrator closes it. A zero threshold disables tripping.
 */
public final class DeletionBreaker {

  private record Deletion(String uid, Instant at) {}

  /** The deletions of one namespace within the window, each resource once. */
  private static final class Window {
    final Deque<Deletion> recent = new ArrayDeque<>();
    final Set<String> counted = new HashSet<>();
  }

  private final int threshold;
  private final Duration window;
  private final Clock clock;
  private final Consumer<String> onOpen;
  private final Map<String, Window> windows = new HashMap<>();

  /** Open namespaces and why each is open. */
  private final Map<String, String> open = new ConcurrentHashMap<>();

  /**
   * @param onOpen told the namespace each time a breaker opens, tripped or restored
   */
  public DeletionBreaker(int threshold, Duration window, Clock clock, Consumer<String> onOpen) {
    this.threshold = threshold;
    this.window = window;
    this.clock = clock;
    this.onOpen = onOpen;
  }

  /**
   * Counts one deletion in {@code namespace} (each resource once, however often it is seen).
   *
   * @return true when this deletion tripped the namespace's breaker
   */
  public boolean recordDeletion(String namespace, String uid) {
    if (threshold == 0 || uid == null) {
      return false;
    }
    synchronized (this) {
      if (open.containsKey(namespace)) {
        return false;
      }
      Window w = windows.computeIfAbsent(namespace, n -> new Window());
      Instant now = clock.instant();
      while (!w.recent.isEmpty() && w.recent.peekFirst().at().isBefore(now.minus(window))) {
        w.counted.remove(w.recent.removeFirst().uid());
      }
      if (!w.counted.add(uid)) {
        return false;
      }
      w.recent.addLast(new Deletion(uid, now));
      if (w.recent.size() <= threshold) {
        return false;
      }
      windows.remove(namespace);
      open.put(namespace, tripReason());
    }
    onOpen.accept(namespace);
    return true;
  }

  /** Why a breaker trips, as recorded for administrators. */
  public String tripReason() {
    return "more than " + threshold + " resources were deleted within " + window.toSeconds() + " s";
  }

  /**
   * Opens the namespace's breaker for {@code reason} (a record restored or written by hand); true
   * if it was closed.
   */
  public boolean open(String namespace, String reason) {
    synchronized (this) {
      if (open.putIfAbsent(namespace, reason) != null) {
        return false;
      }
      windows.remove(namespace);
    }
    onOpen.accept(namespace);
    return true;
  }

  /** Closes the namespace's breaker and forgets its deletions so far; true if it was open. */
  public synchronized boolean close(String namespace) {
    windows.remove(namespace);
    return open.remove(namespace) != null;
  }

  public boolean isOpen(String namespace) {
    return open.containsKey(namespace);
  }

  /** The DeletionsPaused message of an open namespace. */
  public Optional<String> describe(String namespace) {
    return Optional.ofNullable(open.get(namespace))
        .map(
            reason ->
                "deletion circuit breaker open: "
                    + reason
                    + "; the Secrets of resources deleted from this namespace are kept until an administrator closes it"
                    + " (kubectl om-secrets breaker close "
                    + namespace
                    + ")");
  }
}
