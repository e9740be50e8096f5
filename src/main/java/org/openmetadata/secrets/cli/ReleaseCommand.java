package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.desired.DesiredSecret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Reverses adopt: the Secret stays, exactly as OpenMetadata wrote it; the resource goes. */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = {"Hands Secrets back and deletes their resources.",
        "Removes the operator's ownerReference, label and adopt annotation from each named resource's",
        "Secret (which stays, value unchanged), then deletes the resource."})
final class ReleaseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Parameters(arity = "0..*", paramLabel = "NAME", description = "OpenMetadataSecrets to release.")
  List<String> names = List.of();

  @Option(names = "--all", description = "Release every OpenMetadataSecret of the namespace.")
  boolean all;

  @Option(names = "--dry-run", description = "Print what would be released; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (names.isEmpty() == !all) {
      spec.commandLine().getErr().println("error: name resources to release, or pass --all");
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      String ns = kube.namespace(client);
      var resources = client.resources(OpenMetadataSecret.class).inNamespace(ns);
      List<OpenMetadataSecret> targets = all ? resources.list().getItems()
          : names.stream().map(n -> resources.withName(n).get()).filter(java.util.Objects::nonNull).toList();
      for (OpenMetadataSecret resource : targets) {
        String secretName = resource.getStatus() == null ? null : resource.getStatus().getSecretName();
        out.println((dryRun ? "would release " : "release ") + ns + "/" + resource.getMetadata().getName()
            + (secretName == null ? "" : " (Secret " + secretName + " is kept)"));
        if (dryRun) {
          continue;
        }
        if (secretName != null) {
          Secret secret = client.secrets().inNamespace(ns).withName(secretName).get();
          if (secret != null && DesiredSecret.isControlledBy(secret, resource)) {
            client.secrets().inNamespace(ns).withName(secretName).edit(s -> DesiredSecret.release(s, resource));
          }
        }
        resources.withName(resource.getMetadata().getName()).delete();
      }
      out.flush();
      return 0;
    }
  }
}
