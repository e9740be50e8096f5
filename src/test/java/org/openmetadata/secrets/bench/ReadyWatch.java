package org.openmetadata.secrets.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/**
 * Watches the OpenMetadataSecrets of one namespace (an informer, not per-object polling) and
 * records when each one is first seen with {@code Ready=True}, next to when its create call
 * returned.
 */
final class ReadyWatch implements AutoCloseable {

  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final SharedIndexInformer<OpenMetadataSecret> informer;

  ReadyWatch(KubernetesClient client, String namespace) {
    informer =
        client
            .resources(OpenMetadataSecret.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(OpenMetadataSecret cr) {
                    observe(cr);
                  }

                  @Override
                  public void onUpdate(OpenMetadataSecret old, OpenMetadataSecret cr) {
                    observe(cr);
                  }

                  @Override
                  public void onDelete(OpenMetadataSecret cr, boolean unknown) {}
                },
                0);
  }

  private void observe(OpenMetadataSecret cr) {
    if (isReady(cr) && ready.putIfAbsent(cr.getMetadata().getName(), System.nanoTime()) == null) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  static boolean isReady(OpenMetadataSecret cr) {
    return cr.getStatus() != null
        && cr.getStatus().getConditions() != null
        && cr.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The create call for {@code name} returned at {@code nanos}. */
  void created(String name, long nanos) {
    created.put(name, nanos);
  }

  long readyCount(String prefix) {
    return ready.keySet().stream().filter(n -> n.startsWith(prefix)).count();
  }

  /** Waits until {@code count} resources whose names start with {@code prefix} are Ready. */
  boolean awaitReady(String prefix, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (readyCount(prefix) < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
      }
    }
    return true;
  }

  /** create-returned to first-seen-Ready per resource of {@code prefix}; never negative. */
  Map<String, Long> latencies(String prefix) {
    Map<String, Long> out = new ConcurrentHashMap<>();
    created.forEach(
        (name, t0) -> {
          Long t1 = ready.get(name);
          if (name.startsWith(prefix) && t1 != null) {
            out.put(name, Math.max(0, t1 - t0));
          }
        });
    return out;
  }

  /** When the last resource of {@code prefix} was first seen Ready. */
  long lastReady(String prefix) {
    return ready.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(Map.Entry::getValue)
        .max()
        .orElse(-1);
  }

  @Override
  public void close() {
    informer.close();
  }
}
