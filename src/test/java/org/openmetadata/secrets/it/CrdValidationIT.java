package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.SecretKeySelector;
import org.openmetadata.secrets.api.ValueSource;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;

/** The generated CRD on a real API server: schema and CEL rules reject bad resources readably. */
@ExtendWith(ControlPlaneExtension.class)
class CrdValidationIT {

  private static String ns;
  private static MixedOperation<
          OpenMetadataSecret,
          KubernetesResourceList<OpenMetadataSecret>,
          Resource<OpenMetadataSecret>>
      oms;

  @BeforeAll
  static void namespace(ControlPlane cp) {
    ns = cp.createNamespace("crd");
    oms = cp.admin().resources(OpenMetadataSecret.class);
  }

  private static String rejection(OpenMetadataSecret resource) {
    var thrown =
        Assertions.assertThrows(
            KubernetesClientException.class, () -> oms.inNamespace(ns).resource(resource).create());
    assertThat(thrown.getCode()).isEqualTo(422);
    return thrown.getStatus().getMessage();
  }

  @Test
  void theCrdIsEstablishedWithItsPrinterColumns(ControlPlane cp) {
    var crd =
        cp.admin()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("openmetadatasecrets.secrets.open-metadata.org")
            .get();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Established");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("oms");
  }

  @Test
  void aValidResourceIsAccepted() {
    assertThat(
            oms.inNamespace(ns)
                .resource(TestResources.withValue(ns, "ok", "database/db/password", "v"))
                .create()
                .getMetadata()
                .getUid())
        .isNotBlank();
  }

  @Test
  void bothValueSourcesAreRejected() {
    var both = TestResources.withValue(ns, "both", "database/db/password", "v");
    both.getSpec().setValueFrom(new ValueSource(new SecretKeySelector("s", "k")));
    assertThat(rejection(both))
        .contains("exactly one value source must be set: value, valueFrom or encryptedValue");
  }

  @Test
  void noValueSourceIsRejected() {
    assertThat(rejection(TestResources.withValue(ns, "none", "database/db/password", null)))
        .contains("exactly one value source must be set: value, valueFrom or encryptedValue");
  }

  @Test
  void aMissingPathIsRejected() {
    assertThat(rejection(TestResources.withValue(ns, "nopath", null, "v")))
        .contains("spec.path: Required value");
  }

  @Test
  void anEmptyValueIsRejected() {
    assertThat(rejection(TestResources.withValue(ns, "empty", "database/db/password", "")))
        .contains("spec.value");
  }

  @Test
  void anUnknownDeletionPolicyIsRejected(ControlPlane cp) {
    var resource =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(OpenMetadataSecret.API_VERSION)
            .withKind(OpenMetadataSecret.KIND)
            .withNewMetadata()
            .withName("policy")
            .withNamespace(ns)
            .endMetadata()
            .addToAdditionalProperties(
                "spec",
                Map.of("path", "database/db/password", "value", "v", "deletionPolicy", "Sometimes"))
            .build();
    var thrown =
        Assertions.assertThrows(
            KubernetesClientException.class,
            () ->
                cp.admin()
                    .genericKubernetesResources(
                        OpenMetadataSecret.API_VERSION, OpenMetadataSecret.KIND)
                    .inNamespace(ns)
                    .resource(resource)
                    .create());
    assertThat(thrown.getCode()).isEqualTo(422);
    assertThat(thrown.getStatus().getMessage())
        .contains("spec.deletionPolicy")
        .contains("Unsupported value");
  }

  @Test
  void theLargestSealedValueIsStoredAndOneCharacterMoreIsRefused() {
    // The longest form: the largest value sealed for the most clusters (format v3, 16 keys).
    List<PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      keys.add(KeyRing.generate(Instant.now()).active().pair().getPublic());
    }
    String sealed =
        Sealer.seal(
            keys,
            new Scope(ns, "largest", "database/db/password"),
            new byte[OpenMetadataSecretSpec.MAX_VALUE_BYTES]);
    assertThat(sealed).startsWith("oms:v3:");
    var largest = TestResources.withValue(ns, "largest", "database/db/password", null);
    largest.getSpec().setEncryptedValue(sealed);
    assertThat(oms.inNamespace(ns).resource(largest).create().getSpec().getEncryptedValue())
        .isEqualTo(sealed);

    var oversized = TestResources.withValue(ns, "oversized", "database/db/password", null);
    oversized
        .getSpec()
        .setEncryptedValue("x".repeat(OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH + 1));
    assertThat(rejection(oversized)).contains("spec.encryptedValue: Too long", "1336000");
  }

  @Test
  void aPlainValueLongerThanTheLargestPolicyAllowsIsRefused() {
    var oversized =
        TestResources.withValue(
            ns,
            "oversized-plain",
            "database/db/password",
            "x".repeat(OpenMetadataSecretSpec.MAX_VALUE_CHARS + 1));
    assertThat(rejection(oversized)).contains("spec.value: Too long", "1000000");
  }

  @Test
  void aSourceSecretNameOrKeyKubernetesWouldRefuseIsRefused() {
    assertThat(
            rejection(
                TestResources.fromSecret(ns, "upper", "database/db/password", "Not_A_Name", "k")))
        .contains("spec.valueFrom.secretKeyRef.name", "should match");
    assertThat(
            rejection(
                TestResources.fromSecret(ns, "long", "database/db/password", "a".repeat(254), "k")))
        .contains("spec.valueFrom.secretKeyRef.name: Too long");
    assertThat(rejection(TestResources.fromSecret(ns, "slash", "database/db/password", "s", "a/b")))
        .contains("spec.valueFrom.secretKeyRef.key", "should match");
    assertThat(
            rejection(
                TestResources.fromSecret(
                    ns, "longkey", "database/db/password", "s", "k".repeat(254))))
        .contains("spec.valueFrom.secretKeyRef.key: Too long");
  }

  /**
   * kstatus (Flux, kpt) reads an object without a status as Current. The CRD's status default makes
   * a resource no operator has written yet read back with observedGeneration 0, which kstatus
   * reports as InProgress; kubectl wait still waits for the Ready condition the operator writes.
   */
  @Test
  void aResourceNotYetReconciledReadsBackWithItsGenerationUnobservedAndKubectlWaitWaitsForReady(
      ControlPlane cp) throws Exception {
    oms.inNamespace(ns)
        .resource(TestResources.withValue(ns, "unseen", "database/unseen/password", "v"))
        .create();
    OpenMetadataSecret read = oms.inNamespace(ns).withName("unseen").get();
    assertThat(read.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(read.getStatus().getObservedGeneration())
        .as("kstatus: observedGeneration < generation is InProgress")
        .isZero();
    assertThat(cp.kubectl("get", "oms", "unseen", "-n", ns, "-o", "jsonpath={.status}"))
        .isEqualTo("{\"observedGeneration\":0}");
    assertThatThrownBy(
            () ->
                cp.kubectl("wait", "--for=condition=Ready", "oms/unseen", "-n", ns, "--timeout=2s"))
        .hasMessageContaining("timed out");

    oms.inNamespace(ns)
        .withName("unseen")
        .editStatus(
            r -> {
              r.getStatus().setObservedGeneration(1L);
              r.getStatus()
                  .setConditions(
                      List.of(
                          new ConditionBuilder()
                              .withType("Ready")
                              .withStatus("True")
                              .withReason("Synced")
                              .withMessage("in sync")
                              .withObservedGeneration(1L)
                              .withLastTransitionTime("2026-11-30T12:00:00Z")
                              .build()));
              return r;
            });
    assertThat(cp.kubectl("wait", "--for=condition=Ready", "oms/unseen", "-n", ns, "--timeout=10s"))
        .contains("condition met");
    assertThat(oms.inNamespace(ns).withName("unseen").get().getStatus().getObservedGeneration())
        .isEqualTo(1);
  }

  @Test
  void thePathCannotBeChanged() {
    oms.inNamespace(ns)
        .resource(TestResources.withValue(ns, "fixed", "database/db/password", "v"))
        .create();
    assertThatThrownBy(
            () ->
                oms.inNamespace(ns)
                    .withName("fixed")
                    .edit(
                        r -> {
                          r.getSpec().setPath("database/other/password");
                          return r;
                        }))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("path is immutable");
  }
}
