package org.openmetadata.secrets.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMetadataSecretCopyTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Every field of the resource's own types set, so a field the copy misses shows below. */
  private static final String FULL =
      """
      {"apiVersion": "secrets.open-metadata.org/v1alpha1", "kind": "OpenMetadataSecret",
       "metadata": {"name": "db", "namespace": "om", "uid": "u-1", "generation": 3,
                    "resourceVersion": "42", "creationTimestamp": "2026-01-02T03:04:05Z",
                    "labels": {"team": "data"}, "annotations": {"note": "x"},
                    "finalizers": ["secrets.open-metadata.org/retain"],
                    "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "o",
                                         "uid": "u-0", "controller": true}]},
       "spec": {"path": "database/db/password", "value": "v", "encryptedValue": "oms:v2:e",
                "valueFrom": {"secretKeyRef": {"name": "src", "key": "k"}},
                "deletionPolicy": "Retain", "immutable": true},
       "status": {"secretName": "openmetadata-database-db-password", "valueFingerprint": "f",
                  "sealingKeyId": "0123456789abcdef", "observedGeneration": 3,
                  "conditions": [{"type": "Ready", "status": "True", "reason": "Synced",
                                  "message": "m", "observedGeneration": 3,
                                  "lastTransitionTime": "2026-01-02T03:04:06Z"}]}}""";

  @Test
  void theFixtureSetsEveryFieldOfTheResourcesOwnTypes() throws Exception {
    OpenMetadataSecret full = JSON.unmarshal(FULL, OpenMetadataSecret.class);
    assertEveryFieldSet(full.getSpec());
    assertEveryFieldSet(full.getSpec().getValueFrom());
    assertEveryFieldSet(full.getSpec().getValueFrom().getSecretKeyRef());
    assertEveryFieldSet(full.getStatus());
  }

  @Test
  void theCopyReadsAsTheOriginalAndSharesNothingMutable() {
    OpenMetadataSecret original = JSON.unmarshal(FULL, OpenMetadataSecret.class);
    OpenMetadataSecret copy = original.copy();

    assertThat(JSON.asJson(copy)).isEqualTo(JSON.asJson(original));

    copy.getMetadata().getLabels().put("team", "other");
    copy.getMetadata().getFinalizers().clear();
    copy.getMetadata().getOwnerReferences().get(0).setName("other");
    copy.getSpec().getValueFrom().getSecretKeyRef().setName("other");
    copy.getStatus().getConditions().get(0).setStatus("False");
    copy.getStatus().getConditions().add(copy.getStatus().getConditions().get(0));
    assertThat(JSON.asJson(original))
        .isEqualTo(JSON.asJson(JSON.unmarshal(FULL, OpenMetadataSecret.class)));
  }

  @Test
  void aResourceWithoutSpecOrStatusCopiesAsSuch() {
    OpenMetadataSecret bare = new OpenMetadataSecret();
    assertThat(JSON.asJson(bare.copy())).isEqualTo(JSON.asJson(bare));
  }

  private static void assertEveryFieldSet(Object bean) throws IllegalAccessException {
    for (Field f : bean.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      f.setAccessible(true);
      Object value = f.get(bean);
      assertThat(value)
          .as("%s.%s in the fixture", bean.getClass().getSimpleName(), f.getName())
          .isNotNull();
      if (value instanceof List<?> list) {
        assertThat(list).as("%s.%s", bean.getClass().getSimpleName(), f.getName()).isNotEmpty();
      }
    }
  }
}
