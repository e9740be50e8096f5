package org.openmetadata.secrets.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.naming.PrefixStyle;
import org.openmetadata.secrets.naming.SecretNaming;

class DesiredSecretTest {

  private final OpenMetadataSecret owner =
      TestResources.stored(
          TestResources.withValue("om", "db-pass", "database/db/password", "s3cr3t"));

  private Secret desired() {
    return DesiredSecret.build(
        owner,
        "openmetadata-database-db-password",
        "s3cr3t".getBytes(StandardCharsets.UTF_8),
        Map.of("team", "data"));
  }

  @Test
  void isWhatOpenMetadataWritesPlusOurSelectorLabelAndOwner() {
    Secret secret = desired();
    assertThat(secret.getMetadata().getName()).isEqualTo("openmetadata-database-db-password");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("om");
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getData()).containsOnlyKeys("value");
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t");
    assertThat(secret.getMetadata().getLabels())
        .containsExactly(
            Map.entry("app", "openmetadata"),
            Map.entry("managed-by", "openmetadata-secrets-manager"),
            Map.entry("team", "data"),
            Map.entry("app.kubernetes.io/managed-by", "om-secrets-operator"));
    assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(secret.getImmutable()).isNull();
    var ref = secret.getMetadata().getOwnerReferences();
    assertThat(ref).hasSize(1);
    assertThat(ref.get(0).getKind()).isEqualTo("OpenMetadataSecret");
    assertThat(ref.get(0).getApiVersion()).isEqualTo("secrets.open-metadata.org/v1alpha1");
    assertThat(ref.get(0).getUid()).isEqualTo(owner.getMetadata().getUid());
    assertThat(ref.get(0).getController()).isTrue();
    assertThat(ref.get(0).getBlockOwnerDeletion()).isTrue();
    assertThat(DesiredSecret.isControlledBy(secret, owner)).isTrue();
  }

  @Test
  void aSecretIsOwnedOnlyWhenNamedAfterItsOwnersPathWithOurLabelAndTheOwnersUid() {
    SecretNaming naming = SecretNaming.defaults();
    assertThat(DesiredSecret.isOwnedBy(desired(), owner, naming)).isTrue();

    // Label and ownerReference copied onto a Secret of another name: the forgery the name check
    // exists for.
    Secret forged =
        new SecretBuilder(desired())
            .editMetadata()
            .withName("payroll-db-creds")
            .endMetadata()
            .build();
    assertThat(DesiredSecret.isOwnedBy(forged, owner, naming)).as("another name").isFalse();
    assertThat(
            DesiredSecret.isOwnedBy(
                desired(), owner, new SecretNaming("acme", "openmetadata", PrefixStyle.SERVER)))
        .as("the name of another naming")
        .isFalse();

    OpenMetadataSecret sameNameOtherUid =
        TestResources.stored(
            TestResources.withValue("om", "db-pass", "database/db/password", "s3cr3t"));
    assertThat(DesiredSecret.isOwnedBy(desired(), sameNameOtherUid, naming))
        .as("another UID")
        .isFalse();
    OpenMetadataSecret moved =
        TestResources.stored(
            TestResources.withValue("om", "db-pass", "database/other/password", "s3cr3t"));
    moved.getMetadata().setUid(owner.getMetadata().getUid());
    assertThat(DesiredSecret.isOwnedBy(desired(), moved, naming))
        .as("the owner's path maps elsewhere now")
        .isFalse();

    Secret unlabeled =
        new SecretBuilder(desired())
            .editMetadata()
            .removeFromLabels("app.kubernetes.io/managed-by")
            .endMetadata()
            .build();
    assertThat(DesiredSecret.isOwnedBy(unlabeled, owner, naming)).as("without our label").isFalse();
    Secret otherNamespace =
        new SecretBuilder(desired())
            .editMetadata()
            .withNamespace("elsewhere")
            .endMetadata()
            .build();
    assertThat(DesiredSecret.isOwnedBy(otherNamespace, owner, naming))
        .as("another namespace")
        .isFalse();
    Secret notController =
        new SecretBuilder(desired())
            .editMetadata()
            .editFirstOwnerReference()
            .withController(false)
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(DesiredSecret.isOwnedBy(notController, owner, naming))
        .as("owner but not controller")
        .isFalse();
    Secret otherKind =
        new SecretBuilder(desired())
            .editMetadata()
            .editFirstOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(DesiredSecret.isOwnedBy(otherKind, owner, naming))
        .as("a Deployment with the same UID")
        .isFalse();
    Secret laterVersion =
        new SecretBuilder(desired())
            .editMetadata()
            .editFirstOwnerReference()
            .withApiVersion(OpenMetadataSecret.GROUP + "/v1")
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(DesiredSecret.isOwnedBy(laterVersion, owner, naming))
        .as("another version of the CRD")
        .isTrue();

    OpenMetadataSecret noPath =
        TestResources.stored(TestResources.withValue("om", "db-pass", null, "s3cr3t"));
    noPath.getMetadata().setUid(owner.getMetadata().getUid());
    assertThat(DesiredSecret.isOwnedBy(desired(), noPath, naming))
        .as("a resource without a path")
        .isFalse();
  }

  @Test
  void theResourcesOwnLabelsAndAnnotationsAreNotCopied() {
    owner.getMetadata().setLabels(Map.of("argocd.argoproj.io/instance", "om"));
    owner
        .getMetadata()
        .setAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{...}"));
    Secret secret = desired();
    assertThat(secret.getMetadata().getLabels()).doesNotContainKey("argocd.argoproj.io/instance");
    assertThat(secret.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void immutableSpecGivesAnImmutableSecret() {
    owner.getSpec().setImmutable(true);
    assertThat(desired().getImmutable()).isTrue();
  }

  @Test
  void anIdenticalSecretDoesNotDiffer() {
    Secret actual =
        new SecretBuilder(desired())
            .editMetadata()
            .withResourceVersion("7")
            .addToAnnotations("note", "kept")
            .endMetadata()
            .build();
    assertThat(DesiredSecret.differs(actual, desired())).isFalse();
  }

  @Test
  void editedDataLabelsTypeOrOwnerDiffer() {
    assertThat(
            DesiredSecret.differs(
                new SecretBuilder(desired()).withData(Map.of("value", "eA==")).build(), desired()))
        .isTrue();
    assertThat(
            DesiredSecret.differs(
                new SecretBuilder(desired()).addToData("extra", "eA==").build(), desired()))
        .isTrue();
    assertThat(
            DesiredSecret.differs(
                new SecretBuilder(desired())
                    .editMetadata()
                    .addToLabels("x", "y")
                    .endMetadata()
                    .build(),
                desired()))
        .isTrue();
    assertThat(
            DesiredSecret.differs(
                new SecretBuilder(desired())
                    .editMetadata()
                    .removeFromLabels("app")
                    .endMetadata()
                    .build(),
                desired()))
        .isTrue();
    assertThat(
            DesiredSecret.differs(
                new SecretBuilder(desired()).withType("kubernetes.io/basic-auth").build(),
                desired()))
        .isTrue();
    assertThat(
            DesiredSecret.differs(
                new SecretBuilder(desired())
                    .editMetadata()
                    .withOwnerReferences()
                    .endMetadata()
                    .build(),
                desired()))
        .isTrue();
    assertThat(
            DesiredSecret.differs(
                new SecretBuilder(desired()).withImmutable(true).build(), desired()))
        .isTrue();
  }

  @Test
  void mergeKeepsForeignMetadataAndTheResourceVersion() {
    var otherOwner =
        new OwnerReferenceBuilder()
            .withKind("ConfigMap")
            .withName("x")
            .withUid("u2")
            .withApiVersion("v1")
            .build();
    Secret actual =
        new SecretBuilder()
            .withNewMetadata()
            .withName("openmetadata-database-db-password")
            .withNamespace("om")
            .withResourceVersion("41")
            .addToAnnotations("note", "kept")
            .addToLabels("stray", "label")
            .withOwnerReferences(otherOwner)
            .endMetadata()
            .withData(Map.of("value", "b2xk", "extra", "eA=="))
            .withStringData(Map.of("more", "x"))
            .build();
    Secret merged = DesiredSecret.mergeInto(actual, desired());
    assertThat(merged.getMetadata().getResourceVersion()).isEqualTo("41");
    assertThat(merged.getMetadata().getAnnotations()).containsEntry("note", "kept");
    assertThat(merged.getMetadata().getLabels()).isEqualTo(desired().getMetadata().getLabels());
    assertThat(merged.getData()).isEqualTo(desired().getData());
    assertThat(merged.getStringData()).isNull();
    assertThat(merged.getMetadata().getOwnerReferences())
        .extracting(r -> r.getUid())
        .containsExactly(owner.getMetadata().getUid(), "u2");
    assertThat(DesiredSecret.differs(merged, desired())).isFalse();
  }

  @Test
  void immutableSecretNeedsReplacementOnlyWhenDataOrMutabilityChanges() {
    owner.getSpec().setImmutable(true);
    Secret immutable = desired();
    assertThat(DesiredSecret.needsReplacement(immutable, desired())).isFalse();
    Secret changed = new SecretBuilder(desired()).withData(Map.of("value", "bmV3")).build();
    assertThat(DesiredSecret.needsReplacement(immutable, changed)).isTrue();
    owner.getSpec().setImmutable(false);
    assertThat(DesiredSecret.needsReplacement(immutable, desired())).isTrue();
    assertThat(DesiredSecret.needsReplacement(desired(), immutable)).isFalse();
  }

  @Test
  void adoptingSpendsTheHandOverAnnotationAndKeepsOtherAnnotations() {
    Secret foreign =
        new SecretBuilder(desired())
            .editMetadata()
            .withOwnerReferences()
            .withLabels(Map.of("app", "openmetadata"))
            .withAnnotations(Map.of(DesiredSecret.ADOPT_ANNOTATION, "db-pass", "note", "kept"))
            .endMetadata()
            .build();
    assertThat(DesiredSecret.mergeInto(foreign, desired()).getMetadata().getAnnotations())
        .containsOnly(Map.entry("note", "kept"));
  }

  @Test
  void releaseDropsOurOwnerSelectorLabelAndAnyHandOverButKeepsOpenMetadatasLabels() {
    Secret ours =
        new SecretBuilder(desired())
            .editMetadata()
            .withAnnotations(Map.of(DesiredSecret.ADOPT_ANNOTATION, "db-pass", "note", "kept"))
            .endMetadata()
            .build();
    Secret released = DesiredSecret.release(ours, owner);
    assertThat(released.getMetadata().getAnnotations()).containsOnly(Map.entry("note", "kept"));
    assertThat(released.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(released.getMetadata().getLabels())
        .doesNotContainKey("app.kubernetes.io/managed-by")
        .containsEntry("app", "openmetadata")
        .containsEntry("managed-by", "openmetadata-secrets-manager");
    assertThat(released.getData()).isEqualTo(desired().getData());
  }
}
