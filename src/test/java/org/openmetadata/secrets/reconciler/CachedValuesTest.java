package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openmetadata.secrets.reconciler.MockOperator.NS;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.crypto.CachedValue;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.keys.KeyRingStore;

/**
 * The operator's informers hold a digest of each value, not the value, so its memory follows the
 * number of resources rather than their bytes; the Secret still gets the value, read from the API
 * server once per change.
 */
class CachedValuesTest {

  private static final String DB_PATH = "database/db/password";
  private static final String DB_SECRET = "openmetadata-database-db-password";

  /** Sealed, longer than the cache keeps whole. */
  private static final String LONG_SEALED_VALUE =
      "sealed-" + "v".repeat(CachedValue.KEPT_WHOLE_UP_TO);

  private final MockOperator op = new MockOperator();

  @AfterEach
  void stop() {
    op.close();
  }

  @Test
  void theCacheHoldsDigestsWhileTheSecretsGetTheValues() {
    String large = "x".repeat(200_000);
    op.create(TestResources.withValue(NS, "db", DB_PATH, large));
    String sealedText =
        Sealer.seal(
            Pem.parsePublicKey(published()),
            new Scope(NS, "sealed", "database/sealed/password"),
            LONG_SEALED_VALUE.getBytes(StandardCharsets.UTF_8));
    op.create(
        TestResources.withEncryptedValue(NS, "sealed", "database/sealed/password", sealedText));
    op.awaitSynced("db");
    op.awaitSynced("sealed");

    assertThat(value(op.secret(DB_SECRET))).isEqualTo(large);
    assertThat(value(op.secret("openmetadata-database-sealed-password")))
        .isEqualTo(LONG_SEALED_VALUE);
    // JOSDK builds the operator's informers on this client, so they cache what this one does.
    SharedIndexInformer<OpenMetadataSecret> informer =
        op.operatorClient().resources(OpenMetadataSecret.class).inNamespace(NS).inform();
    try {
      OpenMetadataSecret db = informer.getStore().getByKey(NS + "/db");
      assertThat(db.getSpec().getValue().length()).as("length of the cached value").isEqualTo(71);
      assertThat(db.getSpec().getValue()).isEqualTo(CachedValue.digest(large));
      OpenMetadataSecret sealed = informer.getStore().getByKey(NS + "/sealed");
      assertThat(sealed.getSpec().getEncryptedValue())
          .doesNotContain(sealedText.substring(60, 100))
          .startsWith("oms:v2:" + Sealer.keyIdsOf(sealedText).get(0) + ":sha256:");
    } finally {
      informer.close();
    }
  }

  @Test
  void aShortValueIsKeptWholeAndNeverReadFromTheApiServer() {
    String sealedText =
        Sealer.seal(
            Pem.parsePublicKey(published()),
            new Scope(NS, "sealed", "database/sealed/password"),
            "sealed-value".getBytes(StandardCharsets.UTF_8));
    op.create(
        TestResources.withEncryptedValue(NS, "sealed", "database/sealed/password", sealedText));
    op.create(TestResources.withValue(NS, "db", DB_PATH, "short"));
    op.awaitSynced("sealed");
    op.awaitSynced("db");

    assertThat(value(op.secret("openmetadata-database-sealed-password"))).isEqualTo("sealed-value");
    assertThat(value(op.secret(DB_SECRET))).isEqualTo("short");
    assertThat(metric("oms_resource_value_reads")).isZero();
  }

  @Test
  void aChangedValueIsReadOnceAndAnUnchangedOneNotAgainAfterARestart() {
    String first = "first-" + "x".repeat(CachedValue.KEPT_WHOLE_UP_TO);
    String second = "second-" + "x".repeat(CachedValue.KEPT_WHOLE_UP_TO);
    op.create(TestResources.withValue(NS, "db", DB_PATH, first));
    op.awaitSynced("db");
    assertThat(metric("oms_resource_value_reads")).isEqualTo(1);

    op.client
        .resources(OpenMetadataSecret.class)
        .inNamespace(NS)
        .withName("db")
        .edit(
            r -> {
              r.getSpec().setValue(second);
              return r;
            });
    await().untilAsserted(() -> assertThat(value(op.secret(DB_SECRET))).isEqualTo(second));
    op.awaitSynced("db");
    assertThat(metric("oms_resource_value_reads")).isEqualTo(2);

    op.restart();
    await().until(() -> metric("oms_reconcile_outcomes") >= 1);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> metric("oms_resource_value_reads") == 0);

    op.client
        .secrets()
        .inNamespace(NS)
        .withName(DB_SECRET)
        .edit(
            s ->
                new SecretBuilder(s)
                    .addToData(
                        "value",
                        Base64.getEncoder()
                            .encodeToString("edited".getBytes(StandardCharsets.UTF_8)))
                    .build());
    await().untilAsserted(() -> assertThat(value(op.secret(DB_SECRET))).isEqualTo(second));
    assertThat(metric("oms_resource_value_reads")).isEqualTo(1);
  }

  private String published() {
    return op.client
        .configMaps()
        .inNamespace(MockOperator.OPERATOR_NS)
        .withName(KeyRingStore.CONFIG_MAP_NAME)
        .get()
        .getData()
        .get("cert.pem");
  }

  private long metric(String name) {
    return (long)
        op.runtime.metrics().registry().find(name).counters().stream()
            .mapToDouble(c -> c.count())
            .sum();
  }

  private static String value(Secret secret) {
    return new String(
        Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8);
  }
}
