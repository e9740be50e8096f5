package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
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
        "instead of the ConfigMap; docs/sealing.md says how to check its key id against the ConfigMap's.",
        "Repeat it (at most 16) to seal one value that opens in each of those operators' clusters."
      })
  List<Path> certs = List.of();

  @Option(
      names = "--operator-namespace",
      defaultValue = "om-secrets-operator",
      description =
          "Namespace of the operator and its ConfigMap "
              + KeyRingStore.CONFIG_MAP_NAME
              + " (default: ${DEFAULT-VALUE}).")
  String operatorNamespace;

  /** A key to seal to, and where it came from, as messages name it. */
  record Recipient(PublicKey key, String source) {}

  boolean fromFile() {
    return !certs.isEmpty();
  }

  /**
   * The keys: one per {@code --cert}, or the ConfigMap's; {@code client} is asked for only when it
   * comes from the ConfigMap.
   *
   * @throws IllegalArgumentException with a message for the user, naming the source, when there is
   *     no usable key
   */
  List<Recipient> load(Supplier<KubernetesClient> client) throws IOException {
    if (!fromFile()) {
      String source = "ConfigMap " + operatorNamespace + "/" + KeyRingStore.CONFIG_MAP_NAME;
      return List.of(recipient(source, () -> published(client.get())));
    }
    List<Recipient> recipients = new ArrayList<>();
    for (Path cert : certs) {
      recipients.add(
          recipient(cert.toString(), () -> Files.readString(cert, StandardCharsets.US_ASCII)));
    }
    return recipients;
  }

  /** The keys alone, as the sealer takes them. */
  static List<PublicKey> keys(List<Recipient> recipients) {
    return recipients.stream().map(Recipient::key).toList();
  }

  private interface PemSource {
    String read() throws IOException;
  }

  private static Recipient recipient(String source, PemSource pem) throws IOException {
    try {
      return new Recipient(Pem.parsePublicKey(pem.read()), source);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
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
