package org.openmetadata.secrets.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.crypto.CachedValue;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;

/**
 * Issue 13: the operator's client does not hold the API server's managedFields in its caches, and
 * holds one copy of the texts every cached object repeats, but never of a value.
 */
class KubernetesClientsTest {

  private static final String MANAGED_FIELDS =
      """
      "managedFields": [{"manager": "kubectl", "operation": "Update", "apiVersion": "v1",
        "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:value": {}}}}]""";

  @Test
  void objectsAreReadWithoutManagedFieldsAndEverythingElseIntact() {
    Secret secret =
        KubernetesClients.serialization()
            .unmarshal(
                """
        {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "data": {"value": "dg=="},
         "metadata": {"name": "s", "namespace": "om", "resourceVersion": "7", "labels": {"app": "openmetadata"},
                      %s}}"""
                    .formatted(MANAGED_FIELDS),
                Secret.class);

    assertThat(secret.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(secret.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
    assertThat(secret.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app", "openmetadata");
    assertThat(secret.getData()).containsEntry("value", "dg==");
    assertThat(KubernetesClients.serialization().asJson(secret)).doesNotContain("managedFields");

    OpenMetadataSecret resource =
        KubernetesClients.serialization()
            .unmarshal(
                """
        {"apiVersion": "%s", "kind": "%s", "spec": {"path": "database/db/password", "value": "v"},
         "metadata": {"name": "db", "namespace": "om", "generation": 2, %s}}"""
                    .formatted(
                        OpenMetadataSecret.API_VERSION, OpenMetadataSecret.KIND, MANAGED_FIELDS),
                OpenMetadataSecret.class);
    assertThat(resource.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(resource.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(resource.getSpec().getPath()).isEqualTo("database/db/password");
  }

  @Test
  void repeatedMetadataTextsAreSharedButValuesNeverAre() {
    var json = KubernetesClients.serialization();
    Secret one = json.unmarshal(secret("one", "c2VjcmV0"), Secret.class);
    Secret two = json.unmarshal(secret("two", "c2VjcmV0"), Secret.class);

    assertThat(one.getMetadata().getNamespace()).isSameAs(two.getMetadata().getNamespace());
    assertThat(one.getMetadata().getLabels().get("managed-by"))
        .isSameAs(two.getMetadata().getLabels().get("managed-by"));
    assertThat(one.getType()).isSameAs(two.getType());
    assertThat(one.getKind()).isSameAs(two.getKind());
    assertThat(one.getMetadata().getOwnerReferences().get(0).getKind())
        .isSameAs(two.getMetadata().getOwnerReferences().get(0).getKind());
    assertThat(one.getData().get("value"))
        .isEqualTo(two.getData().get("value"))
        .isNotSameAs(two.getData().get("value"));
    assertThat(one.getMetadata().getName()).isEqualTo("one");

    OpenMetadataSecret a = json.unmarshal(resource("a"), OpenMetadataSecret.class);
    OpenMetadataSecret b = json.unmarshal(resource("b"), OpenMetadataSecret.class);
    assertThat(a.getStatus().getConditions().get(0).getReason())
        .isSameAs(b.getStatus().getConditions().get(0).getReason());
    assertThat(a.getSpec().getValue())
        .isEqualTo(b.getSpec().getValue())
        .isNotSameAs(b.getSpec().getValue());
  }

  @Test
  void theSharedTableIsBoundedSoUserTextsCannotGrowIt() {
    var table = new CanonicalText.Table(2);
    String first = table.canonical(new String("a"));
    table.canonical("b");
    String third = new String("c");

    assertThat(table.canonical(new String("a"))).isSameAs(first);
    assertThat(table.canonical(third)).isSameAs(third);
    assertThat(table.canonical(new String("c")))
        .isNotSameAs(third); // full: returned as read, not kept
    String long254 = "x".repeat(254);
    assertThat(new CanonicalText.Table(8).canonical(long254)).isSameAs(long254);
  }

  @Test
  void theOperatorReadsValuesAsDigestsAndNoAnnotationsWhileTheBridgeReadsThemWhole()
      throws Exception {
    String value = "v".repeat(300_000);
    String sealed =
        Sealer.seal(
            KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic(),
            new Scope("om", "s", "p/s"),
            "secret".repeat(300).getBytes(StandardCharsets.UTF_8));
    String json =
        """
        {"apiVersion": "%s", "kind": "%s", "spec": {"path": "p/%s", "%s": "%s"},
         "metadata": {"name": "%s", "namespace": "om", "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "%s"}}}""";
    var operator = KubernetesClients.operatorSerialization();

    OpenMetadataSecret plain =
        operator.unmarshal(
            json.formatted(
                OpenMetadataSecret.API_VERSION,
                OpenMetadataSecret.KIND,
                "db",
                "value",
                value,
                "db",
                value),
            OpenMetadataSecret.class);
    assertThat(plain.getSpec().getValue())
        .isEqualTo(CachedValue.digest(value))
        .matches("sha256:[0-9a-f]{64}");
    assertThat(plain.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(plain.getSpec().getPath()).isEqualTo("p/db");

    OpenMetadataSecret sealedResource =
        operator.unmarshal(
            json.formatted(
                OpenMetadataSecret.API_VERSION,
                OpenMetadataSecret.KIND,
                "s",
                "encryptedValue",
                sealed,
                "s",
                "x"),
            OpenMetadataSecret.class);
    String cached = sealedResource.getSpec().getEncryptedValue();
    assertThat(cached).isEqualTo(CachedValue.digestSealed(sealed)).hasSizeLessThan(120);
    assertThat(Sealer.keyIdsOf(cached)).isEqualTo(Sealer.keyIdsOf(sealed)).hasSize(1);

    // A copy made through JSON (fabric8's clone) reads back the same digests.
    assertThat(operator.clone(plain).getSpec().getValue()).isEqualTo(plain.getSpec().getValue());
    assertThat(operator.clone(sealedResource).getSpec().getEncryptedValue()).isEqualTo(cached);

    OpenMetadataSecret whole =
        KubernetesClients.serialization()
            .unmarshal(
                json.formatted(
                    OpenMetadataSecret.API_VERSION,
                    OpenMetadataSecret.KIND,
                    "db",
                    "value",
                    value,
                    "db",
                    "x"),
                OpenMetadataSecret.class);
    assertThat(whole.getSpec().getValue()).isEqualTo(value);
    assertThat(whole.getMetadata().getAnnotations()).isNotEmpty();
  }

  @Test
  void theOperatorKeepsShortValuesWholeWhereTheBridgeKeepsDigests() {
    String json =
        """
        {"apiVersion": "%s", "kind": "%s", "metadata": {"name": "db", "namespace": "om"},
         "spec": {"path": "p/db", "value": "short"}}"""
            .formatted(OpenMetadataSecret.API_VERSION, OpenMetadataSecret.KIND);

    assertThat(
            KubernetesClients.operatorSerialization()
                .unmarshal(json, OpenMetadataSecret.class)
                .getSpec()
                .getValue())
        .isEqualTo("short");
    assertThat(
            KubernetesClients.digestingSerialization(Set.of())
                .unmarshal(json, OpenMetadataSecret.class)
                .getSpec()
                .getValue())
        .isEqualTo(CachedValue.digest("short"));
  }

  @Test
  void garbageInEncryptedValueKeepsNoLongHeaderAndAnEmptyValueStaysEmpty() {
    String garbage = "oms:v2:" + "k".repeat(10_000) + ":rest";
    assertThat(CachedValue.digestSealed(garbage)).matches("sha256:[0-9a-f]{64}");
    assertThat(CachedValue.digestSealed("no header at all")).matches("sha256:[0-9a-f]{64}");
    assertThat(CachedValue.digest("")).isEmpty();
  }

  private static String secret(String name, String data) {
    return """
        {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "data": {"value": "%s"},
         "metadata": {"name": "%s", "namespace": "om", "labels": {"app": "openmetadata",
           "managed-by": "openmetadata-secrets-manager"},
           "ownerReferences": [{"apiVersion": "%s", "kind": "%s", "name": "%s", "uid": "u-%s", "controller": true}]}}"""
        .formatted(data, name, OpenMetadataSecret.API_VERSION, OpenMetadataSecret.KIND, name, name);
  }

  private static String resource(String name) {
    return """
        {"apiVersion": "%s", "kind": "%s", "spec": {"path": "p/%s", "value": "same value"},
         "metadata": {"name": "%s", "namespace": "om"},
         "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Synced", "message": "m"}]}}"""
        .formatted(OpenMetadataSecret.API_VERSION, OpenMetadataSecret.KIND, name, name);
  }
}
