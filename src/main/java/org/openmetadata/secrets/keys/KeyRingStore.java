package org.openmetadata.secrets.keys;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.openmetadata.secrets.config.Labels;
import org.openmetadata.secrets.config.Setting;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the key ring in a Secret of the operator's namespace: made on first start (never while
 * there is evidence that an earlier ring existed), rotated when the active key is older than the
 * rotation period or is RSA (old keys kept), watched so that a deleted or damaged Secret is written
 * back at once, and published — public keys only — in a ConfigMap for {@code seal} and {@code
 * keys}. Replicas converge through optimistic locking; while they run the stored ring loses a key
 * only by retirement ({@link Tombstones}).
 */
public final class KeyRingStore implements AutoCloseable {

  public static final String SECRET_NAME = "om-secrets-operator-keys";
  public static final String CONFIG_MAP_NAME = "om-secrets-operator-cert";
  public static final String CERT_KEY = "cert.pem";
  private static final Map<String, String> LABELS = Labels.partOfOperator("key-ring");

  /**
   * An unknown key id makes the store re-read the Secret (another replica rotated) at most this
   * often.
   */
  private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(10);

  /**
   * After a conflict the next try finds the key a peer published; the others cover a peer's
   * rotation meanwhile.
   */
  private static final int PUBLISH_ATTEMPTS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(KeyRingStore.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Duration rotationPeriod;
  private final Clock clock;
  private final AtomicReference<KeyRing> ring = new AtomicReference<>();

  /** Every retirement and restore seen, kept on every write-back (see {@link Tombstones}). */
  private final AtomicReference<Tombstones> tombstones = new AtomicReference<>(Tombstones.NONE);

  private volatile Instant lastRefresh = Instant.MIN;
  private volatile SharedIndexInformer<Secret> watch;

  private KeyRingStore(
      KubernetesClient client, String namespace, Duration rotationPeriod, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.rotationPeriod = rotationPeriod;
    this.clock = clock;
  }

  /**
   * Loads the ring, rotates it when due, publishes the active key and starts watching the Secret. A
   * missing ring is created only when nothing shows that one existed before — the published key in
   * the ConfigMap, or a resource with a sealed value ({@code sealedResource} names one) — or when
   * {@code allowNewRing} says so; otherwise the start fails with {@link MissingKeyRingException}.
   */
  public static KeyRingStore open(
      KubernetesClient client,
      String namespace,
      Duration rotationPeriod,
      Clock clock,
      boolean allowNewRing,
      Supplier<Optional<String>> sealedResource) {
    KeyRingStore store = new KeyRingStore(client, namespace, rotationPeriod, clock);
    RingData.Stored loaded = store.loadOrCreate(allowNewRing, sealedResource);
    store.ring.set(loaded.ring());
    store.tombstones.set(loaded.marks());
    store.rotateIfDue();
    store.watch =
        store
            .secrets()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Secret stored) {
                    store.keepQuietly(stored);
                  }

                  @Override
                  public void onUpdate(Secret previous, Secret stored) {
                    store.keepQuietly(stored);
                  }

                  @Override
                  public void onDelete(Secret stored, boolean finalStateUnknown) {
                    store.keepQuietly(null);
                  }
                });
    return store;
  }

  public KeyRing current() {
    return ring.get();
  }

  /** The retirements and restores this process has seen. */
  public Tombstones tombstones() {
    return tombstones.get();
  }

  /**
   * The ring to open a value sealed to {@code keyIds} with: re-read first (rate-limited) when it
   * holds none of them, since a peer may have rotated.
   */
  public KeyRing forKeys(List<String> keyIds) {
    KeyRing current = ring.get();
    Instant now = clock.instant();
    if (!keyIds.isEmpty()
        && current.findAny(keyIds).isEmpty()
        && now.isAfter(lastRefresh.plus(REFRESH_INTERVAL))) {
      lastRefresh = now;
      keep(secrets().get());
    }
    return ring.get();
  }

  /**
   * Adds a new active X25519 key when the active one is older than the rotation period, or is an
   * RSA key (a ring made before format v2: moved to X25519 at the first start of this version).
   */
  public synchronized void rotateIfDue() {
    Instant now = clock.instant();
    Optional<Secret> stored = keep(secrets().get());
    if (stored.isPresent() && ring.get().rotationDue(now, rotationPeriod)) {
      KeyRing.SealingKey previous = ring.get().active();
      KeyRing rotated = ring.get().rotated(now);
      try {
        client
            .secrets()
            .inNamespace(namespace)
            .resource(toSecret(rotated, tombstones.get(), stored.get()))
            .update();
        ring.set(rotated);
        LOG.info(
            "rotated the sealing key{}: new active key {}",
            KeyRing.isX25519(previous) ? "" : " from RSA to X25519 (sealed format v2)",
            rotated.active().id());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        keep(secrets().get()); // a peer rotated first: take its ring
      }
    }
    publish();
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }

  /**
   * Brings the stored ring and this process's ring together: the Secret gets back every key this
   * process holds (deleted, emptied, or edited into something that is not a key ring, it is written
   * again from memory), and this process takes every key the Secret adds (a peer's rotation, a
   * restore). Retirements are merged the same way ({@link Tombstones}): a retired key leaves
   * memory, and the Secret, even when an old backup brought it back. Returns the Secret as now
   * stored, or empty when a concurrent write won; its event comes here too.
   */
  private synchronized Optional<Secret> keep(Secret stored) {
    KeyRing held = ring.get();
    Optional<RingData.Stored> read = stored == null ? Optional.empty() : readable(stored);
    Tombstones marks = read.map(r -> tombstones.get().merge(r.marks())).orElse(tombstones.get());
    KeyRing next = marks.apply(read.map(r -> held.union(r.keys())).orElse(held));
    ring.set(next);
    tombstones.set(marks);
    held.keys().stream()
        .filter(k -> next.find(k.id()).isEmpty())
        .forEach(
            k ->
                LOG.info(
                    "key {} was retired from the ring; values sealed to it no longer open",
                    k.id()));
    if (read.isPresent() && next.sameKeys(read.get().keys()) && marks.equals(read.get().marks())) {
      return Optional.of(stored);
    }
    try {
      var resource =
          client.secrets().inNamespace(namespace).resource(toSecret(next, marks, stored));
      Secret written = stored == null ? resource.create() : resource.update();
      LOG.warn(
          "the key ring Secret {}/{} was {}; wrote back the ring this process holds (keys {},"
              + " retired {})",
          namespace,
          SECRET_NAME,
          stored == null
              ? "deleted"
              : read.isEmpty()
                  ? "no longer a key ring"
                  : "missing keys or retirements it held, or holding a retired key",
          next.keys().stream().map(KeyRing.SealingKey::id).toList(),
          marks.marks().keySet().stream().filter(marks::retired).sorted().toList());
      return Optional.of(written);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /**
   * For watch events: a failure is logged (class and HTTP code only) and left to the next event or
   * check.
   */
  private void keepQuietly(Secret stored) {
    try {
      KeyRing before = ring.get();
      keep(stored);
      if (!before.sameKeys(ring.get())) {
        publish(); // a peer's rotation, a retirement or a restore: the ConfigMap lists the ring
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "could not restore the key ring Secret {}/{} ({}{}); retrying on the next change or hourly check",
          namespace,
          SECRET_NAME,
          e.getClass().getSimpleName(),
          e instanceof KubernetesClientException k ? " " + k.getCode() : "");
    }
  }

  private static Optional<RingData.Stored> readable(Secret stored) {
    try {
      return Optional.of(read(stored));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private RingData.Stored loadOrCreate(
      boolean allowNewRing, Supplier<Optional<String>> sealedResource) {
    Secret existing = secrets().get();
    if (existing == null && !allowNewRing) {
      Optional<String> evidence = earlierRing(sealedResource);
      if (evidence.isPresent()) {
        existing =
            secrets().get(); // a peer may have made the ring, and published its key, meanwhile
        if (existing == null) {
          throw new MissingKeyRingException(namespace + "/" + SECRET_NAME, evidence.get());
        }
      }
    }
    if (existing != null) {
      if (allowNewRing) {
        LOG.warn(
            "{} is true but the key ring exists; set it back to false so that a lost ring is never replaced"
                + " by a new one unnoticed",
            Setting.OM_SM_ALLOW_NEW_KEY_RING);
      }
      return read(existing);
    }
    KeyRing fresh = KeyRing.generate(clock.instant());
    try {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(toSecret(fresh, Tombstones.NONE, null))
          .create();
      LOG.info(
          "created the key ring {}/{} with key {}", namespace, SECRET_NAME, fresh.active().id());
      return new RingData.Stored(fresh, Tombstones.NONE);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return read(secrets().get()); // a peer created it first
    }
  }

  /** What shows that a ring existed before: its published key, or a value sealed to some ring. */
  private Optional<String> earlierRing(Supplier<Optional<String>> sealedResource) {
    ConfigMap published =
        client.configMaps().inNamespace(namespace).withName(CONFIG_MAP_NAME).get();
    if (published != null) {
      String pem = published.getData() == null ? null : published.getData().get(CERT_KEY);
      String keyId;
      try {
        keyId = pem == null ? "none" : KeyIds.of(Pem.parsePublicKey(pem));
      } catch (IllegalArgumentException e) {
        keyId = "unreadable";
      }
      return Optional.of(
          "ConfigMap " + namespace + "/" + CONFIG_MAP_NAME + " publishes key " + keyId);
    }
    return sealedResource.get();
  }

  /**
   * Publishes the active key. A 409 means a peer wrote the ConfigMap first (replicas of a fresh
   * install all create it at once): the ring is re-read, in case the peer holds a newer key, and
   * the ConfigMap compared again, so a loser adopts what the winner published instead of failing to
   * start.
   */
  private void publish() {
    for (int attempt = 1; ; attempt++) {
      try {
        publish(ring.get());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == PUBLISH_ATTEMPTS) {
          throw e;
        }
        keep(secrets().get());
      }
    }
  }

  /**
   * Writes the ConfigMap unless it lists {@code keys} already ({@link PublishedKeys}), with the
   * version read (optimistic locking).
   */
  private void publish(KeyRing keys) {
    Map<String, String> data = PublishedKeys.data(keys);
    ConfigMap current = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP_NAME).get();
    if (current != null && data.equals(current.getData())) {
      return;
    }
    ConfigMap desired =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(CONFIG_MAP_NAME)
            .withNamespace(namespace)
            .withLabels(LABELS)
            .endMetadata()
            .withData(data)
            .build();
    if (current == null) {
      client.configMaps().inNamespace(namespace).resource(desired).create();
    } else {
      desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      client.configMaps().inNamespace(namespace).resource(desired).update();
    }
  }

  private Resource<Secret> secrets() {
    return client.secrets().inNamespace(namespace).withName(SECRET_NAME);
  }

  /**
   * The ring as its Secret; with {@code previous}, an update of that version (optimistic locking).
   */
  private Secret toSecret(KeyRing keys, Tombstones marks, Secret previous) {
    SecretBuilder builder =
        new SecretBuilder()
            .withNewMetadata()
            .withName(SECRET_NAME)
            .withNamespace(namespace)
            .withLabels(LABELS)
            .endMetadata()
            .withType("Opaque")
            .withData(RingData.of(keys, marks));
    if (previous != null) {
      builder
          .editMetadata()
          .withResourceVersion(previous.getMetadata().getResourceVersion())
          .endMetadata();
    }
    return builder.build();
  }

  private static RingData.Stored read(Secret secret) {
    return RingData.read(secret.getData() == null ? Map.of() : secret.getData());
  }

  /** The ring a Secret holds, without its retired keys. */
  static KeyRing parse(Secret secret) {
    return read(secret).ring();
  }
}
