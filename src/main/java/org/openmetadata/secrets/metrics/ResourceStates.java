package org.openmetadata.secrets.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.openmetadata.secrets.api.Reason;

/**
 * Each live resource's last Ready reason, grouped by namespace and reason, so the gauges read a
 * count or the oldest not-Ready resource of one group without a pass over every resource: a
 * reconciliation moves one entry, and a scrape scans only the not-Ready resources of a group.
 */
final class ResourceStates {

  /** Where a resource is: its group and, when not Ready, since when (else null). */
  private record Entry(Group group, Instant notReadySince) {}

  private record Group(String namespace, Reason reason) {}

  private final Map<String, Entry> byUid = new ConcurrentHashMap<>();
  private final Map<Group, Map<String, Entry>> groups = new ConcurrentHashMap<>();
  private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
  private final Consumer<String> newNamespace;

  /**
   * @param newNamespace called once for each namespace, the first time a resource of it is recorded
   *     (or it is {@link #watch watched})
   */
  ResourceStates(Consumer<String> newNamespace) {
    this.newNamespace = newNamespace;
  }

  /** A namespace whose gauges exist (at 0) before any of its resources is recorded. */
  void watch(String namespace) {
    if (namespaces.add(namespace)) {
      newNamespace.accept(namespace);
    }
  }

  /**
   * The resource {@code uid} ended a reconciliation with {@code reason}. A resource that stays not
   * Ready keeps the earliest of its known not-Ready times.
   *
   * @param notReadySince when it stopped being Ready: its Ready condition's last transition, which
   *     outlives a restart of the operator
   */
  void record(String namespace, String uid, Reason reason, Instant notReadySince) {
    watch(namespace);
    Group target = new Group(namespace, reason);
    byUid.compute(
        uid,
        (id, previous) -> {
          Instant since = null;
          if (!reason.ready()) {
            since =
                previous == null || previous.notReadySince() == null
                    ? notReadySince
                    : earliest(previous.notReadySince(), notReadySince);
          }
          if (previous != null) {
            members(previous.group()).remove(id);
          }
          Entry entry = new Entry(target, since);
          members(target).put(id, entry);
          return entry;
        });
  }

  /** The resource is gone (or going): it counts nowhere. */
  void forget(String uid) {
    byUid.computeIfPresent(
        uid,
        (id, previous) -> {
          members(previous.group()).remove(id);
          return null;
        });
  }

  long count(String namespace, Reason reason) {
    return groups.getOrDefault(new Group(namespace, reason), Map.of()).size();
  }

  /** How long the group's oldest resource has not been Ready; zero when it has none. */
  Duration oldestNotReady(String namespace, Reason reason, Instant now) {
    return groups.getOrDefault(new Group(namespace, reason), Map.of()).values().stream()
        .map(Entry::notReadySince)
        .filter(Objects::nonNull)
        .min(Instant::compareTo)
        .filter(since -> since.isBefore(now))
        .map(since -> Duration.between(since, now))
        .orElse(Duration.ZERO);
  }

  private Map<String, Entry> members(Group group) {
    return groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
