package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openmetadata.secrets.reconciler.MockOperator.NS;
import static org.openmetadata.secrets.reconciler.MockOperator.OPERATOR_NS;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;

/**
 * Issue 15 item 7: the key ring Secret deleted or damaged while the operator runs is written back
 * at once, and a start never replaces a lost ring with a new one while an earlier one might be
 * restored.
 */
class KeyRingProtectionTest {

  private static final String RING = "om-secrets-operator-keys";
  private static final String CERT = "om-secrets-operator-cert";

  private final MockOperator op = new MockOperator(Map.of("OM_SM_ALLOW_PLAINTEXT", "false"));

  @AfterEach
  void stop() {
    op.close();
  }

  private Secret ring() {
    return op.client.secrets().inNamespace(OPERATOR_NS).withName(RING).get();
  }

  private static Set<String> keyIds(Secret ring) {
    return ring.getData().keySet().stream()
        .filter(k -> k.endsWith(".key") && !k.equals("fingerprint.key"))
        .collect(Collectors.toSet());
  }

  private OpenMetadataSecret sealed(String name, String value) {
    String pem =
        op.client
            .configMaps()
            .inNamespace(OPERATOR_NS)
            .withName(CERT)
            .get()
            .getData()
            .get("cert.pem");
    OpenMetadataSecret resource =
        TestResources.fromSecret(NS, name, "database/" + name + "/password", "unused", "unused");
    resource.getSpec().setValueFrom(null);
    resource
        .getSpec()
        .setEncryptedValue(
            Sealer.seal(
                Pem.parsePublicKey(pem),
                new Scope(NS, name, resource.getSpec().getPath()),
                value.getBytes(StandardCharsets.UTF_8)));
    return resource;
  }

  private String value(String name) {
    Secret secret = op.secret("openmetadata-database-" + name + "-password");
    return new String(
        Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
  }

  @Test
  void aDeletedRingIsWrittenBackAtOnceSoARestartStillOpensEverySealedValue() {
    op.create(sealed("db", "before"));
    op.awaitSynced("db");
    Secret original = ring();

    op.client.secrets().inNamespace(OPERATOR_NS).withName(RING).delete();

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ring()).isNotNull());
    assertThat(ring().getData()).isEqualTo(original.getData());
    op.restart();
    op.create(sealed("late", "sealed-with-the-old-key"));
    op.awaitSynced("late");
    assertThat(value("late")).isEqualTo("sealed-with-the-old-key");
  }

  @Test
  void aRingEditedIntoSomethingElseIsWrittenBack() {
    Secret original = ring();

    op.client
        .secrets()
        .inNamespace(OPERATOR_NS)
        .withName(RING)
        .edit(s -> new SecretBuilder(s).withData(Map.of("fingerprint.key", "AAAA")).build());

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(ring().getData()).isEqualTo(original.getData()));
  }

  @Test
  void aStartWithoutTheRingButWithItsPublishedKeyRefusesToMakeANewOne() {
    Secret original = ring();
    op.runtime.close();
    op.client.secrets().inNamespace(OPERATOR_NS).withName(RING).delete();

    assertThatThrownBy(op::restart)
        .hasMessageContaining(
            "the key ring Secret om-system/om-secrets-operator-keys is missing, but a key ring existed")
        .hasMessageContaining(
            "ConfigMap om-system/om-secrets-operator-cert publishes key "
                + keyIds(original).iterator().next().replace(".key", ""))
        .hasMessageContaining("OM_SM_ALLOW_NEW_KEY_RING=true");
    assertThat(ring()).as("no new ring").isNull();

    op.client
        .resource(
            new SecretBuilder(original)
                .editMetadata()
                .withResourceVersion(null)
                .withUid(null)
                .endMetadata()
                .build())
        .create();
    op.restart();
    assertThat(keyIds(ring())).isEqualTo(keyIds(original));
  }

  @Test
  void aStartWithoutRingAndKeyButWithSealedResourcesRefusesToMakeANewOne() {
    op.create(sealed("db", "v"));
    op.awaitSynced("db");
    op.runtime.close();
    op.client.secrets().inNamespace(OPERATOR_NS).withName(RING).delete();
    op.client.configMaps().inNamespace(OPERATOR_NS).withName(CERT).delete();

    assertThatThrownBy(op::restart)
        .hasMessageContaining("OpenMetadataSecret om/db holds a sealed value");
    assertThat(ring()).isNull();
  }

  @Test
  void aNewRingCanBeAllowedExplicitly() {
    Set<String> lost = keyIds(ring());
    op.runtime.close();
    op.client.secrets().inNamespace(OPERATOR_NS).withName(RING).delete();

    op.restart(Map.of("OM_SM_ALLOW_NEW_KEY_RING", "true"));

    assertThat(keyIds(ring())).isNotEmpty().doesNotContainAnyElementsOf(lost);
  }
}
