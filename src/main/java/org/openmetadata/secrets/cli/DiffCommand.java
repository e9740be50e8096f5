package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.policy.Admission;
import org.openmetadata.secrets.policy.Denial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the operator would change in the cluster, per resource; values are compared, never printed.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what the operator would change in the cluster.",
      "For each OpenMetadataSecret of the namespace (or the named ones): create, update (and which parts),"
          + " conflict, refused (by a rule of the operator or of its policy), or in sync. Values are compared, never printed; a sealed value can only be compared by the"
          + " operator. Exit code 1 when anything would change."
    })
final class DiffCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;
  @Mixin NamingOptions naming;
  @Mixin PolicyOptions policy;

  @Parameters(
      arity = "0..*",
      paramLabel = "NAME",
      description = "OpenMetadataSecrets to check (default: all).")
  List<String> names = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    OperatorConfig config = naming.config(policy);
    boolean changes = false;
    try (KubernetesClient client = kube.client()) {
      String ns = kube.namespace(client);
      for (OpenMetadataSecret resource :
          client.resources(OpenMetadataSecret.class).inNamespace(ns).list().getItems()) {
        if (!names.isEmpty() && !names.contains(resource.getMetadata().getName())) {
          continue;
        }
        String verdict = verdict(client, resource, config);
        changes |= !verdict.startsWith("in sync") && !verdict.startsWith("refused");
        out.printf("%-28s %s%n", resource.getMetadata().getName(), verdict);
      }
    }
    out.flush();
    return changes ? 1 : 0;
  }

  private static String verdict(
      KubernetesClient client, OpenMetadataSecret resource, OperatorConfig config) {
    Admission admission = new Admission(config.naming(), config.policy());
    Admission.Target target = admission.target(resource.getSpec());
    Optional<Denial> denied =
        target
            .denial()
            .or(
                () ->
                    Optional.ofNullable(resource.getSpec().getValue())
                        .flatMap(admission::inlineValue));
    if (denied.isPresent()) {
      return "refused (" + denied.get().reason() + "): " + denied.get().message();
    }
    String ns = resource.getMetadata().getNamespace();
    byte[] value = resolve(client, resource);
    String name = target.secretName();
    Secret desired = DesiredSecrets.of(resource, name, config, value);
    Secret actual = client.secrets().inNamespace(ns).withName(name).get();
    if (actual == null) {
      return "create Secret " + name;
    }
    if (!DesiredSecret.isOwnedBy(actual, resource, config.naming())) {
      return "conflict: Secret "
          + name
          + " exists and is not managed by this resource (left untouched)";
    }
    List<String> parts = new ArrayList<>();
    if (value == null) {
      parts.add("value not compared (sealed: only the operator can open it)");
    } else if (!Objects.equals(actual.getData(), desired.getData())) {
      parts.add("value");
    }
    if (!Objects.equals(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())) {
      parts.add("labels");
    }
    if (!Objects.equals(actual.getType(), desired.getType())) {
      parts.add("type");
    }
    if (Boolean.TRUE.equals(actual.getImmutable()) != Boolean.TRUE.equals(desired.getImmutable())) {
      parts.add("immutable");
    }
    boolean onlyNote = parts.size() == 1 && value == null;
    if (parts.isEmpty() || onlyNote) {
      return "in sync" + (onlyNote ? " (" + parts.get(0) + ")" : "");
    }
    parts.remove("value not compared (sealed: only the operator can open it)");
    return "update Secret " + name + ": " + String.join(", ", parts);
  }

  /** The value as the operator would resolve it, when this user can: inline or a labeled source. */
  private static byte[] resolve(KubernetesClient client, OpenMetadataSecret resource) {
    if (resource.getSpec().getValueFrom() != null) {
      var ref = resource.getSpec().getValueFrom().getSecretKeyRef();
      Secret source =
          client
              .secrets()
              .inNamespace(resource.getMetadata().getNamespace())
              .withName(ref.getName())
              .get();
      return source == null
              || source.getData() == null
              || !source.getData().containsKey(ref.getKey())
          ? new byte[0]
          : Base64.getDecoder().decode(source.getData().get(ref.getKey()));
    }
    return DesiredSecrets.inlineValue(resource);
  }
}
