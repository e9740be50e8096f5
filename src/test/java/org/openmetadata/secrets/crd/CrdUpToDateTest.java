package org.openmetadata.secrets.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CrdUpToDateTest {

  @Test
  void checkedInCrdMatchesTheJavaTypes() throws IOException {
    for (var file : CrdGenerator.FILES.entrySet()) {
      String generated = CrdGenerator.generate(file.getKey());
      for (Path directory : CrdGenerator.DIRECTORIES) {
        if (directory.startsWith("helm") && !Files.exists(directory)) {
          continue;
        }
        Path copy = directory.resolve(file.getValue());
        assertThat(Files.readString(copy))
            .as("%s is stale: run hack/update-crds.sh and commit the result", copy)
            .isEqualTo(generated);
      }
    }
  }

  @Test
  void printerColumnsAreSecretReadyReasonAgeInThatOrder() {
    CustomResourceDefinition crd =
        Serialization.unmarshal(CrdGenerator.generate(), CustomResourceDefinition.class);
    var columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns)
        .extracting(c -> c.getName())
        .containsExactly("Secret", "Ready", "Reason", "Age");
    assertThat(columns.get(1).getJsonPath())
        .isEqualTo(".status.conditions[?(@.type==\"Ready\")].status");
  }

  @Test
  void crdIsNamespacedWithShortNameCategoryAndStatusSubresource() {
    CustomResourceDefinition crd =
        Serialization.unmarshal(CrdGenerator.generate(), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getGroup()).isEqualTo("secrets.open-metadata.org");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("openmetadatasecrets");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("oms");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("openmetadata");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getSubresources().getStatus()).isNotNull();
    var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired()).containsExactly("path");
    assertThat(spec.getXKubernetesValidations())
        .extracting(r -> r.getRule())
        .containsExactly(
            "[has(self.value), has(self.valueFrom), has(self.encryptedValue)].filter(x, x).size() == 1");
    assertThat(spec.getProperties().get("path").getXKubernetesValidations())
        .extracting(r -> r.getRule())
        .containsExactly("self == oldSelf");
    spec.getProperties()
        .forEach(
            (field, schema) ->
                assertThat(schema.getDescription())
                    .as("description of spec.%s", field)
                    .isNotBlank());
  }
}
