package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/**
 * The I/O edge for Secrets: reads from the two label-scoped informer caches (managed Secrets and
 * labeled value sources), falls back to a direct GET only for what no cache can hold, and writes
 * through the client while keeping the caches read-your-writes.
 */
public class SecretStore {

  private final KubernetesClient client;
  private final InformerEventSource<Secret, OpenMetadataSecret> managed;
  private final InformerEventSource<Secret, OpenMetadataSecret> sources;
  /** resourceVersion of the last write per Secret: a different one means someone else edited it. */
  private final Map<ResourceID, String> lastWritten = new ConcurrentHashMap<>();

  public SecretStore(
      KubernetesClient client,
      InformerEventSource<Secret, OpenMetadataSecret> managed,
      InformerEventSource<Secret, OpenMetadataSecret> sources) {
    this.client = client;
    this.managed = managed;
    this.sources = sources;
  }

  public Optional<Secret> managed(String namespace, String name) {
    return managed.get(new ResourceID(name, namespace));
  }

  /** How many Secrets the managed cache holds (all carry the operator's label). */
  public long managedCount() {
    return managed.keys().count();
  }

  /** A source Secret its owner labeled for the operator to read; the only kind it reads. */
  public Optional<Secret> labeledSource(String namespace, String name) {
    return sources.get(new ResourceID(name, namespace));
  }

  public Optional<Secret> get(String namespace, String name) {
    try {
      return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      throw new SecretApiException("read", namespace, name, e);
    }
  }

  public Secret create(Secret secret) {
    try {
      Secret created = client.secrets().resource(secret).create();
      managed.handleRecentResourceCreate(ResourceID.fromResource(created), created);
      remember(created);
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new AlreadyExistsException();
      }
      throw apiError("create", secret, e);
    }
  }

  /** Replaces the Secret with optimistic locking on the resourceVersion it carries. */
  public Secret update(Secret previous, Secret updated) {
    try {
      Secret written = client.secrets().resource(updated).update();
      managed.handleRecentResourceUpdate(ResourceID.fromResource(written), written, previous);
      remember(written);
      return written;
    } catch (KubernetesClientException e) {
      throw apiError("update", updated, e);
    }
  }

  /** Deletes the Secret; already gone counts as done. */
  public void delete(Secret secret) {
    try {
      client.secrets().resource(secret).delete();
      lastWritten.remove(ResourceID.fromResource(secret));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw apiError("delete", secret, e);
      }
    }
  }

  /** Whether someone other than this operator changed the Secret since its last write here. */
  public boolean editedByOthers(Secret secret) {
    String ours = lastWritten.get(ResourceID.fromResource(secret));
    return ours != null && !ours.equals(secret.getMetadata().getResourceVersion());
  }

  public void forget(String namespace, String name) {
    lastWritten.remove(new ResourceID(name, namespace));
  }

  private void remember(Secret written) {
    lastWritten.put(ResourceID.fromResource(written), written.getMetadata().getResourceVersion());
  }

  private static SecretApiException apiError(String verb, Secret secret, KubernetesClientException e) {
    return new SecretApiException(verb, secret.getMetadata().getNamespace(), secret.getMetadata().getName(), e);
  }

  /** A create found a Secret of that name already there. */
  public static class AlreadyExistsException extends RuntimeException {
    AlreadyExistsException() {
      super("the Secret already exists", null, false, false);
    }
  }
}
