package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.SecretKeySelector;
import org.openmetadata.secrets.api.ValueSource;
import org.openmetadata.secrets.bridge.Translation;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.desired.DesiredSecret;
import org.openmetadata.secrets.policy.Admission;
import org.openmetadata.secrets.policy.Denial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Moves Secrets that OpenMetadata's own secrets manager wrote under the operator: for each one an
 * OpenMetadataSecret (sealed or valueFrom) plus the adopt annotation, so the operator takes the
 * Secret over in place: same name, same value, never missing.
 */
@Command(
    name = "adopt",
    mixinStandardHelpOptions = true,
    description = {
      "Takes over the Secrets OpenMetadata wrote, in place.",
      "Finds the Secrets OpenMetadata wrote (labels app=openmetadata, managed-by=openmetadata-secrets-manager, no"
          + " owner), and for each creates an OpenMetadataSecret and annotates the Secret so the operator adopts it"
          + " without changing or removing it. The resources are annotated writable-by-openmetadata=true:"
          + " OpenMetadata's server goes on changing them.",
      "--dry-run prints the plan and the resources (they hold no plain value; to commit them to Git, set that"
          + " annotation to \"false\" there)."
    })
final class AdoptCommand implements Callable<Integer> {

  enum Mode {
    sealed,
    valueFrom
  }

  static final String SOURCE_SUFFIX = "-source";

  @Spec CommandSpec spec;
  @Mixin KubeOptions kube;
  @Mixin NamingOptions naming;
  @Mixin PolicyOptions policy;

  @Option(
      names = "--mode",
      defaultValue = "sealed",
      description =
          "sealed (default): the value sealed into the resource; valueFrom: the value copied into a labeled source Secret <name>-source.")
  Mode mode;

  @Mixin SealingKeyOptions sealingKey;

  @Option(names = "--dry-run", description = "Print the plan and the resources; change nothing.")
  boolean dryRun;

  /** One Secret to adopt: the resource to create for it, or why it is skipped. */
  record Step(Secret secret, OpenMetadataSecret resource, String skipped) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    OperatorConfig config = naming.config(policy);
    try (KubernetesClient client = kube.client()) {
      String ns = kube.namespace(client);
      List<PublicKey> keys =
          mode == Mode.sealed ? SealingKeyOptions.keys(sealingKey.load(() -> client)) : null;
      List<Step> plan = plan(client, ns, config, keys);
      if (plan.isEmpty()) {
        out.println(
            "nothing to adopt in " + ns + ": no Secret written by OpenMetadata without an owner");
      }
      for (Step step : plan) {
        String secretName = step.secret().getMetadata().getName();
        if (step.skipped() != null) {
          out.println("skip  " + secretName + ": " + step.skipped());
          continue;
        }
        out.println(
            (dryRun ? "would adopt " : "adopt ")
                + secretName
                + " as OpenMetadataSecret "
                + step.resource().getMetadata().getName()
                + " (path "
                + step.resource().getSpec().getPath()
                + ", "
                + mode
                + ")");
        if (dryRun) {
          out.print(Serialization.asYaml(step.resource()));
        } else {
          apply(client, step);
        }
      }
      out.flush();
      return 0;
    }
  }

  private List<Step> plan(
      KubernetesClient client, String ns, OperatorConfig config, List<PublicKey> keys) {
    List<Step> steps = new ArrayList<>();
    List<Secret> written =
        client
            .secrets()
            .inNamespace(ns)
            .withLabel(Labels.APP, Labels.APP_VALUE)
            .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
            .list()
            .getItems();
    for (Secret secret : written) {
      if (secret.getMetadata().getOwnerReferences() != null
          && !secret.getMetadata().getOwnerReferences().isEmpty()) {
        continue;
      }
      steps.add(step(client, ns, secret, config, keys));
    }
    return steps;
  }

  private Step step(
      KubernetesClient client,
      String ns,
      Secret secret,
      OperatorConfig config,
      List<PublicKey> keys) {
    String name = secret.getMetadata().getName();
    byte[] value =
        secret.getData() == null || secret.getData().get(DesiredSecret.DATA_KEY) == null
            ? null
            : Base64.getDecoder().decode(secret.getData().get(DesiredSecret.DATA_KEY));
    if (value == null) {
      return new Step(secret, null, "it has no data key 'value'");
    }
    Optional<String> canonicalPath = config.naming().pathFor(name);
    if (canonicalPath.isEmpty()) {
      return new Step(
          secret,
          null,
          "no path gives back this exact name (names here start with "
              + String.join(" or ", config.naming().namePrefixes())
              + "; another prefix or clusterName?)");
    }
    String path = canonicalPath.get();
    // What the operator would refuse for this path and value, refused here by the same rules.
    Admission admission = new Admission(config.naming(), config.policy());
    Optional<Denial> denied =
        admission.target(path, false).denial().or(() -> admission.value("its value", value));
    if (denied.isPresent()) {
      return new Step(secret, null, denied.get().message());
    }
    if (client.resources(OpenMetadataSecret.class).inNamespace(ns).withName(name).get() != null) {
      return new Step(secret, null, "an OpenMetadataSecret " + name + " already exists");
    }
    OpenMetadataSecretSpec body = new OpenMetadataSecretSpec();
    body.setPath(path);
    if (mode == Mode.sealed) {
      body.setEncryptedValue(Sealer.seal(keys, new Scope(ns, name, path), value));
    } else {
      body.setValueFrom(
          new ValueSource(new SecretKeySelector(name + SOURCE_SUFFIX, DesiredSecret.DATA_KEY)));
    }
    if (Boolean.TRUE.equals(secret.getImmutable())) {
      body.setImmutable(true);
    }
    OpenMetadataSecret resource = new OpenMetadataSecret();
    // OpenMetadata's server wrote these credentials and goes on changing them, through the bridge;
    // whoever commits the resource to Git instead sets the annotation to "false".
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ns)
            .addToAnnotations(Translation.WRITABLE_BY_OPENMETADATA, "true")
            .build());
    resource.setSpec(body);
    return new Step(secret, resource, null);
  }

  /**
   * Annotate first, then create: the operator's first look at the resource finds the hand-over. A
   * refused create (RBAC, quota, validation) withdraws it again: left behind, the annotation would
   * hand the Secret to whoever creates a resource of that name later.
   */
  private void apply(KubernetesClient client, Step step) {
    String ns = step.secret().getMetadata().getNamespace();
    String name = step.secret().getMetadata().getName();
    var secret = client.secrets().inNamespace(ns).withName(name);
    secret.edit(
        s ->
            new SecretBuilder(s)
                .editMetadata()
                .addToAnnotations(
                    DesiredSecret.ADOPT_ANNOTATION, step.resource().getMetadata().getName())
                .endMetadata()
                .build());
    Secret source = null;
    try {
      if (mode == Mode.valueFrom) {
        source =
            client
                .secrets()
                .inNamespace(ns)
                .resource(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName(name + SOURCE_SUFFIX)
                        .withNamespace(ns)
                        .addToLabels(Labels.SOURCE, "true")
                        .endMetadata()
                        .withType("Opaque")
                        .withData(
                            Map.of(
                                DesiredSecret.DATA_KEY,
                                step.secret().getData().get(DesiredSecret.DATA_KEY)))
                        .build())
                .create();
      }
      client.resource(step.resource()).create();
    } catch (KubernetesClientException e) {
      secret.edit(
          s ->
              new SecretBuilder(s)
                  .editMetadata()
                  .removeFromAnnotations(DesiredSecret.ADOPT_ANNOTATION)
                  .endMetadata()
                  .build());
      if (source != null) {
        client.resource(source).delete();
      }
      throw e;
    }
  }
}
