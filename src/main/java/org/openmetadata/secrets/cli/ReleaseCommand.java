package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openmetadata.secrets.api.DeletionPolicy;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.reconciler.OpenMetadataSecretReconciler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Reverses adopt: the Secret stays, exactly as OpenMetadata wrote it; the resource goes. The
 * resource is switched to deletionPolicy Retain, with the operator's finalizer so that nothing
 * deletes the Secret meanwhile, and deleted: the operator then releases the Secret as for any
 * Retain resource (one Released event). Un-owning the Secret first would leave a live resource
 * facing a Secret it no longer controls, which the operator reports as a Conflict.
 */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Hands Secrets back and deletes their resources.",
      "Sets each named resource's deletionPolicy to Retain and deletes it; the operator then removes its"
          + " ownerReference, label and adopt annotation from the Secret (which stays, value unchanged). Resources"
          + " still there after --timeout are released by this command itself."
    })
final class ReleaseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Parameters(arity = "0..*", paramLabel = "NAME", description = "OpenMetadataSecrets to release.")
  List<String> names = List.of();

  @Option(names = "--all", description = "Release every OpenMetadataSecret of the namespace.")
  boolean all;

  @Option(names = "--dry-run", description = "Print what would be released; change nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "How long the operator has to release the Secrets (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

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
      List<OpenMetadataSecret> targets =
          all
              ? resources.list().getItems()
              : names.stream()
                  .map(n -> resources.withName(n).get())
                  .filter(Objects::nonNull)
                  .toList();
      for (OpenMetadataSecret resource : targets) {
        String secretName =
            resource.getStatus() == null ? null : resource.getStatus().getSecretName();
        out.println(
            (dryRun ? "would release " : "release ")
                + ns
                + "/"
                + resource.getMetadata().getName()
                + (secretName == null ? "" : " (Secret " + secretName + " is kept)"));
        if (dryRun || resource.isMarkedForDeletion()) {
          continue; // a finalizer cannot be added once deletion started; an interrupted release is
          // waited for
        }
        Resource<OpenMetadataSecret> one = resources.withName(resource.getMetadata().getName());
        one.edit(
            r -> {
              r.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
              r.addFinalizer(OpenMetadataSecretReconciler.RETAIN_FINALIZER);
              return r;
            });
        one.delete();
      }
      out.flush();
      if (!dryRun) {
        releaseLeftovers(client, ns, awaitGone(resources, targets));
      }
      return 0;
    }
  }

  /** The resources still there when the operator's time is up. */
  private List<OpenMetadataSecret> awaitGone(
      NonNamespaceOperation<OpenMetadataSecret, ?, Resource<OpenMetadataSecret>> resources,
      List<OpenMetadataSecret> targets) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    List<OpenMetadataSecret> left = new ArrayList<>(targets);
    while (true) {
      left.removeIf(r -> resources.withName(r.getMetadata().getName()).get() == null);
      if (left.isEmpty() || System.nanoTime() > deadline) {
        return left;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return left;
      }
    }
  }

  /** Releases here what the operator did not: the Secret first, then the finalizer that kept it. */
  private void releaseLeftovers(KubernetesClient client, String ns, List<OpenMetadataSecret> left) {
    for (OpenMetadataSecret resource : left) {
      String name = resource.getMetadata().getName();
      spec.commandLine()
          .getErr()
          .println(
              ns
                  + "/"
                  + name
                  + ": not released by the operator within "
                  + timeoutSeconds
                  + " s (is it running and watching "
                  + ns
                  + "?); releasing it here");
      String secretName =
          resource.getStatus() == null ? null : resource.getStatus().getSecretName();
      if (secretName != null) {
        Secret secret = client.secrets().inNamespace(ns).withName(secretName).get();
        // The ownerReference alone decides: whoever wrote the Secret, the garbage collector would
        // delete it with the
        // resource, and a release only takes that reference and our label off.
        if (secret != null && DesiredSecret.isControlledBy(secret, resource)) {
          client
              .secrets()
              .inNamespace(ns)
              .withName(secretName)
              .edit(s -> DesiredSecret.release(s, resource));
        }
      }
      Resource<OpenMetadataSecret> one =
          client.resources(OpenMetadataSecret.class).inNamespace(ns).withName(name);
      if (one.get() != null) {
        one.edit(
            r -> {
              r.removeFinalizer(OpenMetadataSecretReconciler.RETAIN_FINALIZER);
              return r;
            });
      }
    }
  }
}
