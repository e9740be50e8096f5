package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.DeletionPolicy;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Seals a value read from stdin and prints an OpenMetadataSecret ready to commit. */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description = {
      "Seals a value from stdin into a commit-ready OpenMetadataSecret.",
      "Reads a value from stdin (never from the command line, which shells keep in history and ps shows), seals it"
          + " to the operator's public key for one namespace, name and path, and prints a complete OpenMetadataSecret"
          + " YAML that is safe to commit to Git.",
      "The key is read from the ConfigMap "
          + KeyRingStore.CONFIG_MAP_NAME
          + " through the API server (its TLS and"
          + " RBAC vouch for it) unless --cert names a file; the id of the key used goes to stderr.",
      "With --cert repeated, the value opens in each of those operators' clusters (format v3)."
    })
final class SealCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin SealingKeyOptions sealingKey;
  @Mixin KubeConnection kube;

  @Option(
      names = {"-n", "--namespace"},
      required = true,
      description = "Namespace of the OpenMetadataSecret.")
  String namespace;

  @Option(names = "--name", required = true, description = "Name of the OpenMetadataSecret.")
  String name;

  @Option(
      names = "--path",
      required = true,
      description = "OpenMetadata secret path, e.g. database/myservice/password.")
  String path;

  @Option(
      names = "--deletion-policy",
      description = "Delete or Retain (default: unset, which means Delete).")
  DeletionPolicy deletionPolicy;

  @Option(
      names = "--keep-trailing-newline",
      description =
          "Seal stdin byte for byte; by default one trailing newline (as echo adds) is dropped.")
  boolean keepTrailingNewline;

  /** Where the value comes from; tests replace it. */
  InputStream stdin = System.in;

  @Override
  public Integer call() throws IOException {
    byte[] value = stdin.readAllBytes();
    if (!keepTrailingNewline) {
      value = withoutTrailingNewline(value);
    }
    if (value.length == 0) {
      spec.commandLine()
          .getErr()
          .println("error: no value on stdin (OpenMetadata stores no Secret for an empty value)");
      return 2;
    }
    String sealed;
    try (KubernetesClient client = sealingKey.fromFile() ? null : kube.client()) {
      List<SealingKeyOptions.Recipient> recipients = sealingKey.load(() -> client);
      sealed =
          Sealer.seal(SealingKeyOptions.keys(recipients), new Scope(namespace, name, path), value);
      // The ids let a user check a key from a file (or /v1/cert.pem) against the ConfigMap's.
      for (SealingKeyOptions.Recipient recipient : recipients) {
        spec.commandLine()
            .getErr()
            .println("sealed to key " + KeyIds.of(recipient.key()) + " from " + recipient.source());
      }
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    } finally {
      Arrays.fill(value, (byte) 0);
    }
    OpenMetadataSecret resource = new OpenMetadataSecret();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    OpenMetadataSecretSpec body = new OpenMetadataSecretSpec();
    body.setPath(path);
    body.setEncryptedValue(sealed);
    body.setDeletionPolicy(deletionPolicy);
    resource.setSpec(body);
    spec.commandLine().getOut().print(Serialization.asYaml(resource));
    spec.commandLine().getOut().flush();
    return 0;
  }

  static byte[] withoutTrailingNewline(byte[] value) {
    int end = value.length;
    if (end > 0 && value[end - 1] == '\n') {
      end--;
      if (end > 0 && value[end - 1] == '\r') {
        end--;
      }
    }
    return Arrays.copyOf(value, end);
  }
}
