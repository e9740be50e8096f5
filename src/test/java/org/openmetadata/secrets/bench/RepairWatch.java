package org.openmetadata.secrets.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openmetadata.secrets.config.Labels;

/**
 * Watches the managed Secrets of one namespace (label {@value Labels#MANAGED_SELECTOR}) and times
 * each deleted one until it exists again: from the start of the delete call to the first ADDED
 * event after its DELETED event (a watch delivers them in that order).
 */
final class RepairWatch implements AutoCloseable {

  private final Map<String, Long> deleteStarted = new ConcurrentHashMap<>();
  private final Set<String> gone = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> repaired = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final SharedIndexInformer<Secret> informer;

  RepairWatch(KubernetesClient client, String namespace) {
    informer =
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel(Labels.OPERATOR_MANAGED_BY, Labels.OPERATOR_MANAGED_BY_VALUE)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Secret s) {
                    String name = s.getMetadata().getName();
                    if (gone.contains(name)
                        && repaired.putIfAbsent(name, System.nanoTime()) == null) {
                      synchronized (lock) {
                        lock.notifyAll();
                      }
                    }
                  }

                  @Override
                  public void onUpdate(Secret old, Secret s) {}

                  @Override
                  public void onDelete(Secret s, boolean unknown) {
                    String name = s.getMetadata().getName();
                    if (deleteStarted.containsKey(name)) {
                      gone.add(name);
                    }
                  }
                },
                0);
  }

  long cached() {
    return informer.getStore().list().size();
  }

  void deleting(String name, long nanos) {
    deleteStarted.put(name, nanos);
  }

  boolean awaitRepaired(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (repaired.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
      }
    }
    return true;
  }

  Map<String, Long> latencies() {
    Map<String, Long> out = new ConcurrentHashMap<>();
    repaired.forEach((name, t1) -> out.put(name, Math.max(0, t1 - deleteStarted.get(name))));
    return out;
  }

  @Override
  public void close() {
    informer.close();
  }
}
