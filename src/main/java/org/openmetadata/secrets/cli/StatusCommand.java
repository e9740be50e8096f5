package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One line per OpenMetadataSecret: its Secret, Ready and reason, fingerprint, age. Never a value.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Lists OpenMetadataSecrets with their Secret and Ready state.",
      "With each one's Secret, Ready/reason, value fingerprint and age (never values)."
    })
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List every namespace.")
  boolean allNamespaces;

  @Override
  public Integer call() {
    try (KubernetesClient client = kube.client()) {
      List<OpenMetadataSecret> items = kube.list(client, allNamespaces);
      PrintWriter out = spec.commandLine().getOut();
      String format = "%-16s %-28s %-52s %-6s %-16s %-17s %s%n";
      out.printf(format, "NAMESPACE", "NAME", "SECRET", "READY", "REASON", "FINGERPRINT", "AGE");
      items.stream()
          .sorted(
              Comparator.comparing((OpenMetadataSecret r) -> r.getMetadata().getNamespace())
                  .thenComparing(r -> r.getMetadata().getName()))
          .forEach(
              r -> {
                var ready = Conditions.readyCondition(r.getStatus());
                out.printf(
                    format,
                    r.getMetadata().getNamespace(),
                    r.getMetadata().getName(),
                    r.getStatus() == null || r.getStatus().getSecretName() == null
                        ? "-"
                        : r.getStatus().getSecretName(),
                    ready.map(c -> c.getStatus()).orElse("-"),
                    ready.map(c -> c.getReason()).orElse("-"),
                    r.getStatus() == null || r.getStatus().getValueFingerprint() == null
                        ? "-"
                        : r.getStatus().getValueFingerprint(),
                    age(r.getMetadata().getCreationTimestamp()));
              });
      out.flush();
      return 0;
    }
  }

  /** kubectl's AGE style: the largest unit, or two for short spans. */
  static String age(String creationTimestamp) {
    if (creationTimestamp == null) {
      return "-";
    }
    Duration d = Duration.between(Instant.parse(creationTimestamp), Instant.now());
    if (d.toDays() > 0) {
      return d.toDays() + "d";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return Math.max(0, d.toSeconds()) + "s";
  }
}
