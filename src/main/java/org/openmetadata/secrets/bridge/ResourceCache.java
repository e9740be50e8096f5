package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.runtime.KubernetesClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenMetadataSecrets of each namespace the bridge serves, as the API server last sent them:
 * one list-and-watch per namespace, started on first use. A write waits on it for the operator's
 * status, and a read finds a Secret's controller in it, without a request of their own: polling
 * cost two to three times the requests per write (docs/benchmarks.md).
 *
 * <p>It holds of each resource what the bridge decides on, not its value: values as digests and, of
 * the annotations, only the two that say whose it is ({@link
 * KubernetesClients#digestingSerialization}), listed a page at a time. A sidecar's heap then
 * follows the number of resources, not their bytes, and a replace, which must keep everything else,
 * reads the resource whole from the API server.
 */
final class ResourceCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceCache.class);
  private static final long SYNC_TIMEOUT_SECONDS = 10;

  /**
   * A LIST page arrives whole before it is parsed (as it comes in, then as one array), and a
   * resource can be 1.3 MB: the operator's pages of 50 could be more than the sidecar's 64 MiB
   * heap, ten are not.
   */
  static final long LIST_PAGE_SIZE = 10;

  private final KubernetesClient client;
  private final Map<String, SharedIndexInformer<OpenMetadataSecret>> informers =
      new ConcurrentHashMap<>();
  private final Object changes = new Object();

  /** Counts every event, so a waiter cannot miss one that came between its look and its wait. */
  private long version;

  /** Watches with {@code client}'s connections; closed with it. */
  ResourceCache(KubernetesClient client) {
    this.client =
        KubernetesClients.readingAs(
            client,
            KubernetesClients.digestingSerialization(
                Set.of(Translation.WRITTEN_BY, Translation.WRITABLE_BY_OPENMETADATA)));
  }

  /** The cached resource, or null; starts watching the namespace on first use. */
  OpenMetadataSecret get(String namespace, String name) {
    return informer(namespace).getStore().getByKey(namespace + "/" + name);
  }

  /**
   * Starts watching these namespaces in the background; a failure is logged and retried on first
   * use.
   */
  void prime(Iterable<String> namespaces) {
    for (String namespace : namespaces) {
      CompletableFuture.runAsync(
          () -> {
            try {
              informer(namespace);
            } catch (KubernetesClientException e) {
              LOG.warn(
                  "could not watch OpenMetadataSecrets in {} (HTTP {}); retried on first use",
                  namespace,
                  e.getCode());
            }
          });
    }
  }

  long version() {
    synchronized (changes) {
      return version;
    }
  }

  /** Waits until an event newer than {@code seen} arrives, for at most {@code millis}. */
  void awaitChange(long seen, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (changes) {
      long left;
      while (version == seen
          && (left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) > 0) {
        changes.wait(left);
      }
    }
  }

  private SharedIndexInformer<OpenMetadataSecret> informer(String namespace) {
    return informers.computeIfAbsent(namespace, this::start);
  }

  private SharedIndexInformer<OpenMetadataSecret> start(String namespace) {
    SharedIndexInformer<OpenMetadataSecret> informer =
        client
            .resources(OpenMetadataSecret.class)
            .inNamespace(namespace)
            .withLimit(LIST_PAGE_SIZE)
            .runnableInformer(0);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(OpenMetadataSecret resource) {
            changed();
          }

          @Override
          public void onUpdate(OpenMetadataSecret before, OpenMetadataSecret after) {
            changed();
          }

          @Override
          public void onDelete(OpenMetadataSecret resource, boolean unknownFinalState) {
            changed();
          }
        });
    try {
      informer.start().toCompletableFuture().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("watching OpenMetadataSecrets in {}", namespace);
      return informer;
    } catch (ExecutionException e) {
      informer.stop();
      throw e.getCause() instanceof KubernetesClientException k
          ? k
          : new KubernetesClientException("could not watch OpenMetadataSecrets in " + namespace);
    } catch (TimeoutException e) {
      informer.stop();
      throw new KubernetesClientException(
          "could not list OpenMetadataSecrets in " + namespace + " in time");
    } catch (InterruptedException e) {
      informer.stop();
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted");
    }
  }

  private void changed() {
    synchronized (changes) {
      version++;
      changes.notifyAll();
    }
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::stop);
  }
}
