package org.openmetadata.secrets.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.runtime.MockApiServer;

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
    return KeyRingStore.open(client, NS, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
  }

  private String publishedPem() {
    return client.configMaps().inNamespace(NS).withName(KeyRingStore.CONFIG_MAP_NAME).get().getData().get("cert.pem");
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
    String version = client.secrets().inNamespace(NS).withName(KeyRingStore.SECRET_NAME).get().getMetadata().getResourceVersion();
    String cmVersion = client.configMaps().inNamespace(NS).withName(KeyRingStore.CONFIG_MAP_NAME).get().getMetadata().getResourceVersion();
    KeyRing second = open(T0.plus(Duration.ofDays(1))).current();
    assertThat(second.active().id()).isEqualTo(first.active().id());
    assertThat(second.fingerprintKey()).isEqualTo(first.fingerprintKey());
    assertThat(client.secrets().inNamespace(NS).withName(KeyRingStore.SECRET_NAME).get().getMetadata().getResourceVersion())
        .isEqualTo(version);
    assertThat(client.configMaps().inNamespace(NS).withName(KeyRingStore.CONFIG_MAP_NAME).get().getMetadata().getResourceVersion())
        .isEqualTo(cmVersion);
  }

  @Test
  void aDueRotationAddsAnActiveKeyKeepsTheOldAndRepublishes() throws Exception {
    KeyRing first = open(T0).current();
    Scope scope = new Scope("ns", "n", "p");
    String sealedBefore = Sealer.seal(first.active().pair().getPublic(), scope, "old".getBytes(StandardCharsets.UTF_8));

    KeyRing rotated = open(T0.plus(Duration.ofDays(31))).current();

    assertThat(rotated.keys()).hasSize(2);
    assertThat(rotated.active().id()).isNotEqualTo(first.active().id());
    assertThat(KeyIds.of(Pem.parsePublicKey(publishedPem()))).isEqualTo(rotated.active().id());
    assertThat(new String(Sealer.open(rotated, scope, sealedBefore), StandardCharsets.UTF_8)).isEqualTo("old");
    assertThat(rotated.fingerprintKey()).as("fingerprints survive rotation").isEqualTo(first.fingerprintKey());
  }

  @Test
  void aReplicaThatMissesAKeyRereadsTheRing() {
    KeyRingStore replica = open(T0);
    KeyRing rotated = open(T0.plus(Duration.ofDays(31))).current(); // another replica rotates
    assertThat(replica.current().privateKey(rotated.active().id())).isEmpty();
    assertThat(replica.forKey(rotated.active().id()).privateKey(rotated.active().id())).isPresent();
  }

  @Test
  void aDeletedRingSecretIsRestoredFromMemory() {
    KeyRingStore store = open(T0);
    client.secrets().inNamespace(NS).withName(KeyRingStore.SECRET_NAME).delete();
    store.rotateIfDue();
    var restored = client.secrets().inNamespace(NS).withName(KeyRingStore.SECRET_NAME).get();
    assertThat(restored).isNotNull();
    assertThat(KeyRingStore.parse(restored).active().id()).isEqualTo(store.current().active().id());
  }
}
