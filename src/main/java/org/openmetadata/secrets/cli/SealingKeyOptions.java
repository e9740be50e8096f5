package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.function.Supplier;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.keys.KeyRingStore;
import picocli.CommandLine.Option;

/**
 * The operator's public key for the commands that seal. By default it is the ConfigMap the operator
 * publishes, read through the API server, whose TLS and RBAC vouch for it; the same key served on
 * the metrics port (/v1/cert.pem) is plain HTTP and vouched for by nothing.
 */
final class SealingKeyOptions {

  @Option(
      names = "--cert",
      description = {
        "The operator's public key in a file (PEM: PUBLIC KEY or CERTIFICATE)",
        "instead of the ConfigMap; docs/sealing.md says how to check its key id against the ConfigMap's."
      })
  Path cert;

  @Option(
      names = "--operator-namespace",
      defaultValue = "om-secrets-operator",
      description =
          "Namespace of the operator and its ConfigMap "
              + KeyRingStore.CONFIG_MAP_NAME
              + " (default: ${DEFAULT-VALUE}).")
  String operatorNamespace;

  boolean fromFile() {
    return cert != null;
  }

  /** Where the key comes from, as messages name it. */
  String source() {
    return fromFile()
        ? cert.toString()
        : "ConfigMap " + operatorNamespace + "/" + KeyRingStore.CONFIG_MAP_NAME;
  }

  /**
   * The key; {@code client} is asked for only when it comes from the ConfigMap.
   *
   * @throws IllegalArgumentException with a message for the user when there is no usable key
   */
  PublicKey load(Supplier<KubernetesClient> client) throws IOException {
    return Pem.parsePublicKey(
        fromFile() ? Files.readString(cert, StandardCharsets.US_ASCII) : published(client.get()));
  }

  private String published(KubernetesClient client) {
    String pem;
    try {
      pem = published(client, operatorNamespace).get(KeyRingStore.CERT_KEY);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + "; get read access to it, or pass --cert with the key it holds");
    }
    if (pem == null) {
      throw new IllegalArgumentException(
          "holds no "
              + KeyRingStore.CERT_KEY
              + ": is the operator installed in "
              + operatorNamespace
              + "? (--operator-namespace, or --cert)");
    }
    return pem;
  }

  /**
   * The data of the ConfigMap the operator publishes its keys in, empty when there is none.
   *
   * @throws IllegalArgumentException when it cannot be read
   */
  static Map<String, String> published(KubernetesClient client, String operatorNamespace) {
    ConfigMap configMap;
    try {
      configMap =
          client
              .configMaps()
              .inNamespace(operatorNamespace)
              .withName(KeyRingStore.CONFIG_MAP_NAME)
              .get();
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException("cannot be read (HTTP " + e.getCode() + ")");
    }
    return configMap == null || configMap.getData() == null ? Map.of() : configMap.getData();
  }
}
