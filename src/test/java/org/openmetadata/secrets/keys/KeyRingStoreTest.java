package org.openmetadata.secrets.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.LegacyRsaKeys;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.crypto.Scope;
import org.openmetadata.secrets.crypto.Sealer;
import org.openmetadata.secrets.demo.MockApiServer;

class KeyRingStoreTest {

  private static final String NS = "om-system";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MockApiServer server = new MockApiServer();
  private final KubernetesClient client = server.createClient();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private KeyRingStore open(Instant now) {
    return KeyRingStore.open(
        client, NS, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC), false, Optional::empty);
  }

  private Secret stored() {
    return client.secrets().inNamespace(NS).withName(KeyRingStore.SECRET_NAME).get();
  }

  private String publishedPem() {
    return client
        .configMaps()
        .inNamespace(NS)
        .withName(KeyRingStore.CONFIG_MAP_NAME)
        .get()
        .getData()
        .get("cert.pem");
  }

  @Test
  void theFirstStartCreatesTheRingAndPublishesItsPublicKeyOnly() {
    KeyRing ring = open(T0).current();
    var secret = client.secrets().inNamespace(NS).withName(KeyRingStore.SECRET_NAME).get();
    assertThat(secret.getData()).containsKeys(ring.active().id() + ".key", "fingerprint.key");
    assertThat(KeyIds.of(Pem.parsePublicKey(publishedPem()))).isEqualTo(ring.active().id());
    assertThat(publishedPem()).doesNotContain("PRIVATE");
  }

  @Test
  void aRestartLoadsTheSameRingAndWritesNothing() {
    KeyRing first = open(T0).current();
    String version =
        client
            .secrets()
            .inNamespace(NS)
            .withName(KeyRingStore.SECRET_NAME)
            .get()
            .getMetadata()
            .getResourceVersion();
    String cmVersion =
        client
            .configMaps()
            .inNamespace(NS)
            .withName(KeyRingStore.CONFIG_MAP_NAME)
            .get()
            .getMetadata()
            .getResourceVersion();
    KeyRing second = open(T0.plus(Duration.ofDays(1))).current();
    assertThat(second.active().id()).isEqualTo(first.active().id());
    assertThat(second.fingerprintKey()).isEqualTo(first.fingerprintKey());
    assertThat(
            client
                .secrets()
                .inNamespace(NS)
                .withName(KeyRingStore.SECRET_NAME)
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(version);
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName(KeyRingStore.CONFIG_MAP_NAME)
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(cmVersion);
  }

  @Test
  void aDueRotationAddsAnActiveKeyKeepsTheOldAndRepublishes() throws Exception {
    KeyRing first = open(T0).current();
    Scope scope = new Scope("ns", "n", "p");
    String sealedBefore =
        Sealer.seal(
            first.active().pair().getPublic(), scope, "old".getBytes(StandardCharsets.UTF_8));

    KeyRing rotated = open(T0.plus(Duration.ofDays(31))).current();

    assertThat(rotated.keys()).hasSize(2);
    assertThat(rotated.active().id()).isNotEqualTo(first.active().id());
    assertThat(KeyIds.of(Pem.parsePublicKey(publishedPem()))).isEqualTo(rotated.active().id());
    assertThat(new String(Sealer.open(rotated, scope, sealedBefore), StandardCharsets.UTF_8))
        .isEqualTo("old");
    assertThat(rotated.fingerprintKey())
        .as("fingerprints survive rotation")
        .isEqualTo(first.fingerprintKey());
  }

  @Test
  void aReplicaTakesAPeersRotationFromTheWatch() {
    KeyRingStore replica = open(T0);
    KeyRing rotated = open(T0.plus(Duration.ofDays(31))).current(); // another replica rotates
    await()
        .untilAsserted(
            () -> assertThat(replica.current().privateKey(rotated.active().id())).isPresent());
  }

  @Test
  void aRingThatLostAKeyGetsItBackWhileTheOperatorRuns() {
    KeyRingStore old = open(T0);
    String oldKey = old.current().active().id();
    KeyRing rotated = open(T0.plus(Duration.ofDays(31))).current();
    await().untilAsserted(() -> assertThat(old.current().keys()).hasSize(2));

    // e.g. an old backup applied over the newer ring
    client
        .secrets()
        .inNamespace(NS)
        .withName(KeyRingStore.SECRET_NAME)
        .edit(
            s ->
                new SecretBuilder(s)
                    .withData(
                        Map.of(
                            "fingerprint.key",
                            s.getData().get("fingerprint.key"),
                            oldKey + ".key",
                            s.getData().get(oldKey + ".key"),
                            oldKey + ".created",
                            s.getData().get(oldKey + ".created")))
                    .build());

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(KeyRingStore.parse(stored()).sameKeys(rotated)).isTrue());
  }

  @Test
  void aRingFromBeforeFormatV2GainsAnActiveX25519KeyAtStartAndKeepsItsRsaKey() throws Exception {
    KeyRing.SealingKey rsa = LegacyRsaKeys.generate(T0);
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(KeyRingStore.SECRET_NAME)
                .withNamespace(NS)
                .endMetadata()
                .withData(
                    Map.of(
                        "fingerprint.key",
                        b64(new byte[32]),
                        rsa.id() + ".key",
                        b64(rsa.pair().getPrivate().getEncoded()),
                        rsa.id() + ".created",
                        b64(T0.toString().getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    Scope scope = new Scope("ns", "n", "p");
    String sealedToRsa =
        Sealer.seal(rsa.pair().getPublic(), scope, "old".getBytes(StandardCharsets.UTF_8));

    KeyRing upgraded = open(T0.plus(Duration.ofDays(1))).current();

    assertThat(upgraded.keys()).extracting(KeyRing.SealingKey::id).hasSize(2).startsWith(rsa.id());
    assertThat(KeyRing.isX25519(upgraded.active())).isTrue();
    assertThat(KeyRingStore.parse(stored()).sameKeys(upgraded)).as("stored").isTrue();
    assertThat(KeyIds.of(Pem.parsePublicKey(publishedPem()))).isEqualTo(upgraded.active().id());
    assertThat(new String(Sealer.open(upgraded, scope, sealedToRsa), StandardCharsets.UTF_8))
        .isEqualTo("old");
    assertThat(Sealer.seal(Pem.parsePublicKey(publishedPem()), scope, new byte[1]))
        .startsWith("oms:v2:");

    String version = stored().getMetadata().getResourceVersion();
    assertThat(open(T0.plus(Duration.ofDays(2))).current().sameKeys(upgraded))
        .as("once only")
        .isTrue();
    assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private void editRing(UnaryOperator<Map<String, String>> edit) {
    client
        .secrets()
        .inNamespace(NS)
        .withName(KeyRingStore.SECRET_NAME)
        .edit(s -> new SecretBuilder(s).withData(edit.apply(s.getData())).build());
  }

  private Map<String, String> published() {
    return client
        .configMaps()
        .inNamespace(NS)
        .withName(KeyRingStore.CONFIG_MAP_NAME)
        .get()
        .getData();
  }

  @Test
  void aRetiredKeyLeavesTheRunningOperatorAndNoOldBackupBringsItBackButARestoreDoes() {
    open(T0).close();
    KeyRingStore store = open(T0.plus(Duration.ofDays(31))); // rotated: two keys
    try {
      String old = store.current().keys().get(0).id();
      Map<String, String> beforeRetirement = Map.copyOf(stored().getData());
      assertThat(published()).containsKey(old + ".pem");

      editRing(data -> RingData.retire(data, old, T0.plus(Duration.ofDays(32))));
      await().untilAsserted(() -> assertThat(store.current().find(old)).isEmpty());
      await().untilAsserted(() -> assertThat(published()).doesNotContainKey(old + ".pem"));

      // An old backup applied over the ring: the key is back in the Secret, the mark gone.
      editRing(data -> beforeRetirement);
      await()
          .untilAsserted(
              () ->
                  assertThat(stored().getData())
                      .doesNotContainKey(old + ".key")
                      .containsKey(old + ".retired"));
      assertThat(store.current().find(old)).isEmpty();

      editRing(
          data ->
              RingData.restore(
                      data, RingData.entriesOf(beforeRetirement, old), T0.plus(Duration.ofDays(33)))
                  .data());
      await().untilAsserted(() -> assertThat(store.current().find(old)).isPresent());
      await().untilAsserted(() -> assertThat(published()).containsKey(old + ".pem"));
      assertThat(stored().getData()).containsKeys(old + ".key", old + ".restored");
    } finally {
      store.close();
    }
  }
}
