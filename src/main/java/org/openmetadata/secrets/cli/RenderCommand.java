package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.ConfigException;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.policy.Admission;
import org.openmetadata.secrets.policy.Denial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints, offline, the Secret the operator would write for a resource file. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the Secret the operator would write, offline.",
      "For an OpenMetadataSecret file; refused, as the operator would refuse it, when a rule of the operator or of"
          + " its policy fails. The value is redacted unless --reveal (only an inline value can be shown;"
          + " sealed and valueFrom values are resolved by the operator in the cluster)."
    })
final class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin NamingOptions naming;
  @Mixin PolicyOptions policy;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "An OpenMetadataSecret YAML file.")
  Path file;

  @Option(
      names = "--reveal",
      description = "Show an inline value (as stringData) instead of redacting it.")
  boolean reveal;

  @Override
  public Integer call() throws IOException {
    OpenMetadataSecret resource;
    try {
      resource = Serialization.unmarshal(Files.readString(file), OpenMetadataSecret.class);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("error: " + file + " is not an OpenMetadataSecret");
      return 2;
    }
    try {
      OperatorConfig config = naming.config(policy);
      Admission admission = new Admission(config.naming(), config.policy());
      Admission.Target target = admission.target(resource.getSpec());
      // Only an inline value is known offline; sealed and valueFrom values are checked by the
      // operator.
      Optional<Denial> denied =
          target
              .denial()
              .or(
                  () ->
                      Optional.ofNullable(resource.getSpec().getValue())
                          .flatMap(admission::inlineValue));
      if (denied.isPresent()) {
        spec.commandLine()
            .getErr()
            .println("error: " + denied.get().reason() + ": " + denied.get().message());
        return 2;
      }
      if (resource.getMetadata().getNamespace() == null) {
        resource.getMetadata().setNamespace("default");
      }
      resource.getMetadata().setUid("<assigned by the API server>");
      Secret secret = DesiredSecrets.of(resource, target.secretName(), config, null);
      String value = resource.getSpec().getValue();
      String shown =
          reveal && value != null
              ? value
              : value != null
                  ? DesiredSecrets.REDACTED
                  : "<" + ValueSources.describe(resource.getSpec()) + ", resolved by the operator>";
      spec.commandLine()
          .getOut()
          .print(Serialization.asYaml(DesiredSecrets.withDataShownAs(secret, shown)));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 2;
    }
  }
}
