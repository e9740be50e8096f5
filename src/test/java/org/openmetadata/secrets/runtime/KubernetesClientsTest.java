package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.OpenMetadataSecret;

/** Issue 13: the operator's client does not hold the API server's managedFields in its caches. */
class KubernetesClientsTest {

  private static final String MANAGED_FIELDS = """
      "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
        "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:value": {}}}}]""";

  @Test
  void objectsAreReadWithoutManagedFieldsAndEverythingElseIntact() {
    Secret secret = KubernetesClients.serialization().unmarshal("""
        {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "data": {"value": "dg=="},
         "metadata": {"name": "s", "namespace": "om", "resourceVersion": "7", "labels": {"app": "openmetadata"},
                      %s}}""".formatted(MANAGED_FIELDS), Secret.class);

    assertThat(secret.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(secret.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
    assertThat(secret.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app", "openmetadata");
    assertThat(secret.getData()).containsEntry("value", "dg==");
    assertThat(KubernetesClients.serialization().asJson(secret)).doesNotContain("managedFields");

    OpenMetadataSecret resource = KubernetesClients.serialization().unmarshal("""
        {"apiVersion": "%s", "kind": "%s", "spec": {"path": "database/db/password", "value": "v"},
         "metadata": {"name": "db", "namespace": "om", "generation": 2, %s}}"""
        .formatted(OpenMetadataSecret.API_VERSION, OpenMetadataSecret.KIND, MANAGED_FIELDS), OpenMetadataSecret.class);
    assertThat(resource.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(resource.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(resource.getSpec().getPath()).isEqualTo("database/db/password");
  }
}
