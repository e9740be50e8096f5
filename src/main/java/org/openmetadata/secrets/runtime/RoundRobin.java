package org.openmetadata.secrets.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items queued by key where the keys take turns: {@link #poll()} gives the first item of the key
 * whose turn it is, and that key then goes to the back. So one key's thousand items delay another
 * key's item by at most one of them, and one key alone is served in order. Both the reconcile
 * threads and the write budget's tokens are shared between namespaces this way. Not thread-safe:
 * its users hold a lock around it.
 */
final class RoundRobin<K, V> {

  /** Keys with items, in the order of their turns; a key whose queue empties leaves. */
  private final Map<K, ArrayDeque<V>> queues = new LinkedHashMap<>();

  private int size;

  /**
   * Queues {@code item} behind {@code key}'s others; a key new to the rotation takes the last turn.
   */
  void add(K key, V item) {
    queues.computeIfAbsent(key, k -> new ArrayDeque<>()).add(item);
    size++;
  }

  /**
   * The first item of the key whose turn it is, which then goes last; null when nothing is queued.
   */
  V poll() {
    Iterator<Map.Entry<K, ArrayDeque<V>>> turn = queues.entrySet().iterator();
    if (!turn.hasNext()) {
      return null;
    }
    Map.Entry<K, ArrayDeque<V>> first = turn.next();
    turn.remove();
    V item = first.getValue().poll();
    if (!first.getValue().isEmpty()) {
      queues.put(first.getKey(), first.getValue());
    }
    size--;
    return item;
  }

  /**
   * Takes {@code item} out of {@code key}'s queue; the other keys keep their turns. False if it was
   * not queued.
   */
  boolean remove(K key, V item) {
    ArrayDeque<V> queue = queues.get(key);
    if (queue == null || !queue.remove(item)) {
      return false;
    }
    if (queue.isEmpty()) {
      queues.remove(key);
    }
    size--;
    return true;
  }

  /** Empties the queues, returning what they held. */
  List<V> clear() {
    List<V> items = new ArrayList<>(size);
    queues.values().forEach(items::addAll);
    queues.clear();
    size = 0;
    return items;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }
}
