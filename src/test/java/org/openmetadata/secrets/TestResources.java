package org.openmetadata.secrets;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.openmetadata.secrets.api.DeletionPolicy;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.SecretKeySelector;
import org.openmetadata.secrets.api.ValueSource;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.keys.KeyRingStore;

/** Builds every test's OpenMetadataSecret, so tests state only what matters to them. */
public final class TestResources {

  private TestResources() {}

  /** The active public key the operator publishes in its namespace, as {@code seal} reads it. */
  public static PublicKey publishedKey(KubernetesClient client, String operatorNamespace) {
    return Pem.parsePublicKey(
        client
            .configMaps()
            .inNamespace(operatorNamespace)
            .withName(KeyRingStore.CONFIG_MAP_NAME)
            .get()
            .getData()
            .get(KeyRingStore.CERT_KEY));
  }

  /**
   * The key ring Secret as the operator stores it, holding {@code ring}: what a backup restores, or
   * a ring whose key is old enough to be rotated at the operator's start.
   */
  public static Secret keyRingSecret(String namespace, KeyRing ring) {
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, String> data = new LinkedHashMap<>();
    data.put("fingerprint.key", b64.encodeToString(ring.fingerprintKey()));
    for (KeyRing.SealingKey key : ring.keys()) {
      data.put(key.id() + ".key", b64.encodeToString(key.pair().getPrivate().getEncoded()));
      data.put(
          key.id() + ".created",
          b64.encodeToString(key.created().toString().getBytes(StandardCharsets.UTF_8)));
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName(KeyRingStore.SECRET_NAME)
        .withNamespace(namespace)
        .endMetadata()
        .withData(data)
        .build();
  }

  public static OpenMetadataSecret withValue(
      String namespace, String name, String path, String value) {
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(path);
    spec.setValue(value);
    return resource(namespace, name, spec);
  }

  public static OpenMetadataSecret withEncryptedValue(
      String namespace, String name, String path, String sealed) {
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(path);
    spec.setEncryptedValue(sealed);
    return resource(namespace, name, spec);
  }

  public static OpenMetadataSecret fromSecret(
      String namespace, String name, String path, String sourceSecret, String key) {
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setPath(path);
    spec.setValueFrom(new ValueSource(new SecretKeySelector(sourceSecret, key)));
    return resource(namespace, name, spec);
  }

  public static OpenMetadataSecret retained(OpenMetadataSecret resource) {
    resource.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    return resource;
  }

  /** A resource as the API server would return it: with a UID and a generation. */
  public static OpenMetadataSecret stored(OpenMetadataSecret resource) {
    resource.getMetadata().setUid(UUID.randomUUID().toString());
    resource.getMetadata().setGeneration(1L);
    return resource;
  }

  private static OpenMetadataSecret resource(
      String namespace, String name, OpenMetadataSecretSpec spec) {
    OpenMetadataSecret resource = new OpenMetadataSecret();
    resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    resource.setSpec(spec);
    return resource;
  }
}
