package org.openmetadata.secrets.it;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The calls OpenMetadata's server makes to store its credentials, as its {@code
 * KubernetesSecretsManager} and {@code ExternalSecretsManager} make them (read from their source
 * and written anew here): the official client's {@code CoreV1Api}, data key {@code value}, labels
 * {@code app}, {@code managed-by} and the tags; a store is a read (does it exist?), then a create
 * or a read-then-replace whose 404 falls back to a create.
 */
public final class OpenMetadataServerCalls {

  private final CoreV1Api api;
  private final String namespace;
  private final Map<String, String> tags;

  public OpenMetadataServerCalls(CoreV1Api api, String namespace, Map<String, String> tags) {
    this.api = api;
    this.namespace = namespace;
    this.tags = tags;
  }

  /** {@code ExternalSecretsManager.upsertSecret}. */
  public void upsert(String name, String value) throws ApiException {
    if (exists(name)) {
      update(name, value);
    } else {
      store(name, value);
    }
  }

  /** {@code storeSecret}: createNamespacedSecret. */
  public void store(String name, String value) throws ApiException {
    Map<String, String> labels = new HashMap<>();
    labels.put("app", "openmetadata");
    labels.put("managed-by", "openmetadata-secrets-manager");
    labels.putAll(tags);
    V1Secret secret =
        new V1Secret()
            .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(labels))
            .data(Map.of("value", value.getBytes(StandardCharsets.UTF_8)));
    api.createNamespacedSecret(namespace, secret).execute();
  }

  /** {@code updateSecret}: read, new data, replace; a 404 creates instead. */
  public void update(String name, String value) throws ApiException {
    try {
      V1Secret existing = api.readNamespacedSecret(name, namespace).execute();
      existing.setData(Map.of("value", value.getBytes(StandardCharsets.UTF_8)));
      api.replaceNamespacedSecret(name, namespace, existing).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      store(name, value);
    }
  }

  /** {@code getSecret}: the value, or null on 404. */
  public String get(String name) throws ApiException {
    try {
      V1Secret secret = api.readNamespacedSecret(name, namespace).execute();
      byte[] value = secret.getData() == null ? null : secret.getData().get("value");
      return value == null ? null : new String(value, StandardCharsets.UTF_8);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** {@code existSecret}: a read; 404 is false. */
  public boolean exists(String name) throws ApiException {
    try {
      api.readNamespacedSecret(name, namespace).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** {@code deleteSecretInternal}: a 404 is ignored. */
  public void delete(String name) throws ApiException {
    try {
      api.deleteNamespacedSecret(name, namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  CoreV1Api api() {
    return api;
  }
}
