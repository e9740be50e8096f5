package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.SecretKeySelector;
import org.openmetadata.secrets.api.ValueSource;

/** The generated CRD on a real API server: schema and CEL rules reject bad resources readably. */
@ExtendWith(ControlPlaneExtension.class)
class CrdValidationIT {

  private static String ns;
  private static MixedOperation<OpenMetadataSecret, KubernetesResourceList<OpenMetadataSecret>, Resource<OpenMetadataSecret>> oms;

  @BeforeAll
  static void namespace(ControlPlane cp) {
    ns = cp.createNamespace("crd");
    oms = cp.admin().resources(OpenMetadataSecret.class);
  }

  private static String rejection(OpenMetadataSecret resource) {
    var thrown = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
        () -> oms.inNamespace(ns).resource(resource).create());
    assertThat(thrown.getCode()).isEqualTo(422);
    return thrown.getStatus().getMessage();
  }

  @Test
  void theCrdIsEstablishedWithItsPrinterColumns(ControlPlane cp) {
    var crd = cp.admin().apiextensions().v1().customResourceDefinitions()
        .withName("openmetadatasecrets.secrets.open-metadata.org").get();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(c -> { assertThat(c.getType()).isEqualTo("Established"); assertThat(c.getStatus()).isEqualTo("True"); });
    assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("oms");
  }

  @Test
  void aValidResourceIsAccepted() {
    assertThat(oms.inNamespace(ns).resource(TestResources.withValue(ns, "ok", "database/db/password", "v")).create()
        .getMetadata().getUid()).isNotBlank();
  }

  @Test
  void bothValueSourcesAreRejected() {
    var both = TestResources.withValue(ns, "both", "database/db/password", "v");
    both.getSpec().setValueFrom(new ValueSource(new SecretKeySelector("s", "k")));
    assertThat(rejection(both)).contains("exactly one value source must be set: value, valueFrom or encryptedValue");
  }

  @Test
  void noValueSourceIsRejected() {
    assertThat(rejection(TestResources.withValue(ns, "none", "database/db/password", null)))
        .contains("exactly one value source must be set: value, valueFrom or encryptedValue");
  }

  @Test
  void aMissingPathIsRejected() {
    assertThat(rejection(TestResources.withValue(ns, "nopath", null, "v"))).contains("spec.path: Required value");
  }

  @Test
  void anEmptyValueIsRejected() {
    assertThat(rejection(TestResources.withValue(ns, "empty", "database/db/password", ""))).contains("spec.value");
  }

  @Test
  void anUnknownDeletionPolicyIsRejected(ControlPlane cp) {
    var resource = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
        .withApiVersion(OpenMetadataSecret.API_VERSION).withKind(OpenMetadataSecret.KIND)
        .withNewMetadata().withName("policy").withNamespace(ns).endMetadata()
        .addToAdditionalProperties("spec", java.util.Map.of(
            "path", "database/db/password", "value", "v", "deletionPolicy", "Sometimes"))
        .build();
    var thrown = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class, () ->
        cp.admin().genericKubernetesResources(OpenMetadataSecret.API_VERSION, OpenMetadataSecret.KIND)
            .inNamespace(ns).resource(resource).create());
    assertThat(thrown.getCode()).isEqualTo(422);
    assertThat(thrown.getStatus().getMessage()).contains("spec.deletionPolicy").contains("Unsupported value");
  }

  @Test
  void thePathCannotBeChanged() {
    oms.inNamespace(ns).resource(TestResources.withValue(ns, "fixed", "database/db/password", "v")).create();
    assertThatThrownBy(() -> oms.inNamespace(ns).withName("fixed")
            .edit(r -> { r.getSpec().setPath("database/other/password"); return r; }))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("path is immutable");
  }
}
