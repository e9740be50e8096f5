package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which API server a command talks to, and as whom: the current kubeconfig and context, like
 * kubectl.
 */
final class KubeConnection {

  /** Opens a client for a kubeconfig file and context, each null for the default. */
  @FunctionalInterface
  interface Opener {
    KubernetesClient open(Path kubeconfig, String context);
  }

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", description = "Kubeconfig context (default: the current context).")
  String context;

  private final Opener opener;

  /** kubectl's rules; picocli's default factory calls this. */
  KubeConnection() {
    this(KubeConnection::fromKubeconfig);
  }

  /**
   * Another source of clients, handed in through the command line's factory (a mock API server in
   * tests).
   */
  KubeConnection(Opener opener) {
    this.opener = opener;
  }

  KubernetesClient client() {
    return opener.open(kubeconfig, context);
  }

  private static KubernetesClient fromKubeconfig(Path kubeconfig, String context) {
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(context)
            : Config.fromKubeconfig(context, kubeconfig.toFile());
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
