package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
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

  String namespace(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    String fromContext = client.getNamespace();
    return fromContext == null ? "default" : fromContext;
  }
}
