package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.ReaderRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The resource, its Secret's metadata, the reader Role that covers it, and recent events. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description = {
      "Shows one OpenMetadataSecret, its Secret and who can read it.",
      "The resource, its Secret's metadata (never data), the reader Role that covers it, and its events."
    })
final class DescribeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Parameters(index = "0", paramLabel = "NAME", description = "The OpenMetadataSecret.")
  String name;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = kube.client()) {
      String ns = kube.namespace(client);
      OpenMetadataSecret resource =
          client.resources(OpenMetadataSecret.class).inNamespace(ns).withName(name).get();
      if (resource == null) {
        spec.commandLine()
            .getErr()
            .println("error: OpenMetadataSecret " + ns + "/" + name + " not found");
        return 1;
      }
      out.println("Name:            " + ns + "/" + name);
      out.println("Path:            " + resource.getSpec().getPath());
      out.println("Value from:      " + ValueSources.describe(resource.getSpec()));
      out.println("Deletion policy: " + resource.getSpec().effectiveDeletionPolicy());
      out.println("Immutable:       " + resource.getSpec().effectiveImmutable());
      out.println(
          "Generation:      "
              + resource.getMetadata().getGeneration()
              + (resource.getStatus() == null
                  ? ""
                  : " (observed " + resource.getStatus().getObservedGeneration() + ")"));
      out.println("Conditions:");
      if (resource.getStatus() != null) {
        resource
            .getStatus()
            .getConditions()
            .forEach(
                c ->
                    out.printf(
                        "  %-12s %-6s %-16s %s%n",
                        c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
        out.println("Fingerprint:     " + resource.getStatus().getValueFingerprint());
      }
      String secretName =
          resource.getStatus() == null ? null : resource.getStatus().getSecretName();
      out.println("Secret:          " + (secretName == null ? "-" : secretName));
      if (secretName != null) {
        describeSecret(out, client, ns, secretName);
      }
      out.println("Events:");
      client.v1().events().inNamespace(ns).list().getItems().stream()
          .filter(
              e ->
                  name.equals(e.getInvolvedObject().getName())
                      && OpenMetadataSecret.KIND.equals(e.getInvolvedObject().getKind()))
          .sorted(Comparator.comparing((Event e) -> String.valueOf(e.getLastTimestamp())))
          .forEach(
              e ->
                  out.printf(
                      "  %-20s %-8s %-16s %s%n",
                      e.getLastTimestamp(), e.getType(), e.getReason(), e.getMessage()));
      out.flush();
      return 0;
    }
  }

  private static void describeSecret(
      PrintWriter out, KubernetesClient client, String ns, String secretName) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(ns).withName(secretName).get();
    } catch (KubernetesClientException e) {
      out.println("  (cannot read it: HTTP " + e.getCode() + ")");
      return;
    }
    if (secret == null) {
      out.println("  (does not exist)");
      return;
    }
    out.println("  Type:          " + secret.getType());
    out.println(
        "  Keys:          "
            + (secret.getData() == null ? "[]" : new TreeMap<>(secret.getData()).keySet()));
    out.println("  Immutable:     " + Boolean.TRUE.equals(secret.getImmutable()));
    out.println(
        "  Labels:        "
            + new TreeMap<>(
                secret.getMetadata().getLabels() == null
                    ? Map.of()
                    : secret.getMetadata().getLabels()));
    out.println(
        "  Owner:         "
            + (secret.getMetadata().getOwnerReferences() == null
                ? "[]"
                : secret.getMetadata().getOwnerReferences().stream()
                    .map(r -> r.getKind() + "/" + r.getName())
                    .toList()));
    try {
      var role = client.rbac().roles().inNamespace(ns).withName(ReaderRole.NAME).get();
      var binding = client.rbac().roleBindings().inNamespace(ns).withName(ReaderRole.NAME).get();
      boolean covered =
          role != null
              && role.getRules().stream()
                  .anyMatch(
                      r ->
                          r.getResourceNames() != null
                              && r.getResourceNames().contains(secretName));
      out.println(
          "  Readers:       "
              + (!covered
                  ? "none (no reader Role names it)"
                  : "Role "
                      + ReaderRole.NAME
                      + " -> "
                      + (binding == null
                          ? "[]"
                          : binding.getSubjects().stream()
                              .map(
                                  s ->
                                      s.getKind()
                                          + ":"
                                          + (s.getNamespace() == null ? "" : s.getNamespace() + "/")
                                          + s.getName())
                              .toList())));
    } catch (KubernetesClientException e) {
      out.println("  Readers:       (cannot read Roles: HTTP " + e.getCode() + ")");
    }
  }
}
