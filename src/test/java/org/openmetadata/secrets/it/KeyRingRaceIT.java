package org.openmetadata.secrets.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openmetadata.secrets.crypto.Pem;
import org.openmetadata.secrets.keys.KeyRingStore;

/**
 * Replicas of a fresh install start at the same moment: each finds no key ring and no published
 * key, so all of them try to create both. Every replica must start, and all must hold the one ring
 * that was stored, whose active key is the one published.
 */
@ExtendWith(ControlPlaneExtension.class)
class KeyRingRaceIT {

  private static final int REPLICAS = 4;

  /** Each round is a fresh install; several make a lost race likely to be hit at least once. */
  private static final int ROUNDS = 5;

  @Test
  void replicasStartingTogetherOnAFreshInstallAllStartWithOneRing(ControlPlane cp)
      throws Exception {
    for (int round = 1; round <= ROUNDS; round++) {
      String namespace = cp.createNamespace("key-race");
      List<KubernetesClient> clients =
          IntStream.range(0, REPLICAS)
              .mapToObj(
                  i ->
                      new KubernetesClientBuilder()
                          .withConfig(cp.admin().getConfiguration())
                          .build())
              .toList();
      List<KeyRingStore> stores = openTogether(clients, namespace, round);
      try {
        String activeId = stores.get(0).current().active().id();
        for (KeyRingStore store : stores) {
          assertThat(store.current().sameKeys(stores.get(0).current()))
              .as("round %d: one ring", round)
              .isTrue();
          assertThat(store.current().active().id())
              .as("round %d: active key", round)
              .isEqualTo(activeId);
        }
        Secret stored =
            cp.admin().secrets().inNamespace(namespace).withName(KeyRingStore.SECRET_NAME).get();
        assertThat(stored.getData().keySet())
            .as("round %d: the stored ring", round)
            .containsExactlyInAnyOrder("fingerprint.key", activeId + ".key", activeId + ".created");
        ConfigMap published =
            cp.admin()
                .configMaps()
                .inNamespace(namespace)
                .withName(KeyRingStore.CONFIG_MAP_NAME)
                .get();
        assertThat(published.getData())
            .as("round %d: the published key", round)
            .containsEntry(
                KeyRingStore.CERT_KEY,
                Pem.publicKey(stores.get(0).current().active().pair().getPublic()));
      } finally {
        stores.forEach(KeyRingStore::close);
        clients.forEach(KubernetesClient::close);
      }
    }
  }

  /**
   * Opens one store per client, all released at once; any store that fails to open fails the test.
   */
  private static List<KeyRingStore> openTogether(
      List<KubernetesClient> clients, String namespace, int round) throws Exception {
    CyclicBarrier start = new CyclicBarrier(clients.size());
    ExecutorService replicas = Executors.newFixedThreadPool(clients.size());
    try {
      List<Future<KeyRingStore>> opening = new ArrayList<>();
      for (KubernetesClient client : clients) {
        opening.add(
            replicas.submit(
                () -> {
                  start.await();
                  return KeyRingStore.open(
                      client,
                      namespace,
                      Duration.ofDays(30),
                      Clock.systemUTC(),
                      false,
                      Optional::empty);
                }));
      }
      List<KeyRingStore> stores = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      for (Future<KeyRingStore> store : opening) {
        try {
          stores.add(store.get());
        } catch (ExecutionException e) {
          failed.add(e.getCause().toString());
        }
      }
      if (!failed.isEmpty()) {
        stores.forEach(KeyRingStore::close);
      }
      assertThat(failed).as("round %d: replicas that failed to start", round).isEmpty();
      return stores;
    } finally {
      replicas.shutdown();
    }
  }
}
