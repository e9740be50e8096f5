package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.metrics.OperatorMetrics;

/**
 * The I/O edge for a resource's value: the operator's informers hold only its digest ({@code
 * KubernetesClients.operatorSerialization}), so the value is read from the API server, once per
 * change, as a generic object that no digesting reader touches.
 */
class StoredValues {

  private static final ResourceDefinitionContext RESOURCES =
      ResourceDefinitionContext.fromResourceType(OpenMetadataSecret.class);

  private final KubernetesClient client;
  private final OperatorMetrics metrics;

  StoredValues(KubernetesClient client, OperatorMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /**
   * The resource's spec with {@code value} and {@code encryptedValue} as stored.
   *
   * @throws StaleResourceException when the API server has another generation than {@code cached}
   *     (or none): its own event follows, and its spec has passed none of this reconciliation's
   *     checks
   */
  OpenMetadataSecretSpec read(OpenMetadataSecret cached) {
    String namespace = cached.getMetadata().getNamespace();
    String name = cached.getMetadata().getName();
    metrics.resourceValueRead();
    GenericKubernetesResource stored;
    try {
      stored =
          client.genericKubernetesResources(RESOURCES).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new SecretApiException("read", "OpenMetadataSecret", namespace, name, e);
    }
    if (stored == null
        || !Objects.equals(
            stored.getMetadata().getGeneration(), cached.getMetadata().getGeneration())) {
      throw new StaleResourceException();
    }
    OpenMetadataSecretSpec spec = cached.getSpec().copy();
    spec.setValue(stored.get("spec", "value"));
    spec.setEncryptedValue(stored.get("spec", "encryptedValue"));
    return spec;
  }

  /** The cached resource is not the stored one: a later event reconciles it again. */
  static final class StaleResourceException extends RuntimeException {
    StaleResourceException() {
      super(
          "the resource changed while its value was read; its next event reconciles it",
          null,
          false,
          false);
    }
  }
}
