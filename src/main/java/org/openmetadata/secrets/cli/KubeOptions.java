package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a kubectl-plugin command talks to: the current kubeconfig, context and namespace, like
 * kubectl.
 */
final class KubeOptions {

  @Mixin KubeConnection connection;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace (default: the context's namespace).")
  String namespace;

  KubernetesClient client() {
    return connection.client();
  }

  /** The OpenMetadataSecrets of the namespace, or of every namespace. */
  List<OpenMetadataSecret> list(KubernetesClient client, boolean allNamespaces) {
    var resources = client.resources(OpenMetadataSecret.class);
    return (allNamespaces
            ? resources.inAnyNamespace().list()
            : resources.inNamespace(namespace(client)).list())
        .getItems();
  }

  String namespace(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    String fromContext = client.getNamespace();
    return fromContext == null ? "default" : fromContext;
  }
}
