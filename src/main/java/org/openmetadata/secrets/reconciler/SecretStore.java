package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
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
  private final KnownVersions known;

  SecretStore(
      KubernetesClient client,
      InformerEventSource<Secret, OpenMetadataSecret> managed,
      InformerEventSource<Secret, OpenMetadataSecret> sources,
      KnownVersions known) {
    this.client = client;
    this.managed = managed;
    this.sources = sources;
    this.known = known;
  }

  /**
   * The managed Secret, as a reconciliation is about to act on it: from here on, an event for this
   * version is no news (after a restart, each Secret's initial event often arrives only now).
   */
  public Optional<Secret> managed(String namespace, String name) {
    Optional<Secret> secret = managed.get(new ResourceID(name, namespace));
    secret.ifPresent(known::seen);
    return secret;
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
    ResourceID id = ResourceID.fromResource(secret);
    Secret created = null;
    known.writing(id, null);
    try {
      created = client.secrets().resource(secret).create();
      managed.handleRecentResourceCreate(id, created);
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new AlreadyExistsException();
      }
      throw apiError("create", secret, e);
    } finally {
      known.written(id, created);
    }
  }

  /** Replaces the Secret with optimistic locking on the resourceVersion it carries. */
  public Secret update(Secret previous, Secret updated) {
    ResourceID id = ResourceID.fromResource(updated);
    Secret written = null;
    known.writing(id, previous.getMetadata().getResourceVersion());
    try {
      written = client.secrets().resource(updated).update();
      managed.handleRecentResourceUpdate(id, written, previous);
      return written;
    } catch (KubernetesClientException e) {
      throw apiError("update", updated, e);
    } finally {
      known.written(id, written);
    }
  }

  /** Deletes the Secret; already gone counts as done. */
  public void delete(Secret secret) {
    try {
      client.secrets().resource(secret).delete();
      known.forget(ResourceID.fromResource(secret));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw apiError("delete", secret, e);
      }
    }
  }

  /**
   * Whether someone other than this operator changed the Secret since it last wrote or checked it.
   */
  public boolean editedByOthers(Secret secret) {
    return known.changedByOthers(secret);
  }

  public void forget(String namespace, String name) {
    known.forget(new ResourceID(name, namespace));
  }

  private static SecretApiException apiError(
      String verb, Secret secret, KubernetesClientException e) {
    return new SecretApiException(
        verb, secret.getMetadata().getNamespace(), secret.getMetadata().getName(), e);
  }

  /** A create found a Secret of that name already there. */
  public static class AlreadyExistsException extends RuntimeException {
    AlreadyExistsException() {
      super("the Secret already exists", null, false, false);
    }
  }
}
