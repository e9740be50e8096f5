package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Which API server a command talks to, and as whom: the current kubeconfig and context, like kubectl. */
final class KubeConnection {

  /** Tests point commands at a mock API server through this. */
  static Supplier<KubernetesClient> clientOverride;

  @Option(names = "--kubeconfig", description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", description = "Kubeconfig context (default: the current context).")
  String context;

  KubernetesClient client() {
    if (clientOverride != null) {
      return clientOverride.get();
    }
    Config config = kubeconfig == null ? Config.autoConfigure(context) : Config.fromKubeconfig(context, kubeconfig.toFile());
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
