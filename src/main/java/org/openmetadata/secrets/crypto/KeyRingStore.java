package org.openmetadata.secrets.crypto;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.openmetadata.secrets.config.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the key ring in a Secret of the operator's namespace: made on first start, rotated when
 * the active key is older than the rotation period (old keys kept), and published — the active
 * public key only — in a ConfigMap for {@code seal}. Replicas converge through optimistic locking.
 */
public final class KeyRingStore {

  public static final String SECRET_NAME = "om-secrets-operator-keys";
  public static final String CONFIG_MAP_NAME = "om-secrets-operator-cert";
  public static final String CERT_KEY = "cert.pem";
  private static final String FINGERPRINT_KEY = "fingerprint.key";
  private static final String KEY_SUFFIX = ".key";
  private static final String CREATED_SUFFIX = ".created";
  private static final Map<String, String> LABELS = Labels.partOfOperator("key-ring");
  /** An unknown key id makes the store re-read the Secret (another replica rotated) at most this often. */
  private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(KeyRingStore.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Duration rotationPeriod;
  private final Clock clock;
  private final AtomicReference<KeyRing> ring = new AtomicReference<>();
  private volatile Instant lastRefresh = Instant.MIN;

  private KeyRingStore(KubernetesClient client, String namespace, Duration rotationPeriod, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.rotationPeriod = rotationPeriod;
    this.clock = clock;
  }

  /** Loads the ring, creating it on first start and rotating it when due, then publishes the key. */
  public static KeyRingStore open(KubernetesClient client, String namespace, Duration rotationPeriod, Clock clock) {
    KeyRingStore store = new KeyRingStore(client, namespace, rotationPeriod, clock);
    store.ring.set(store.loadOrCreate());
    store.rotateIfDue();
    return store;
  }

  public KeyRing current() {
    return ring.get();
  }

  /** The ring, re-read first when it lacks {@code keyId} (rate-limited): a peer may have rotated. */
  public KeyRing forKey(String keyId) {
    KeyRing current = ring.get();
    Instant now = clock.instant();
    if (current.privateKey(keyId).isEmpty() && now.isAfter(lastRefresh.plus(REFRESH_INTERVAL))) {
      lastRefresh = now;
      Secret secret = secrets().get();
      if (secret != null) {
        ring.set(parse(secret));
      }
    }
    return ring.get();
  }

  /** Adds a new active key when the active one is older than the rotation period. */
  public synchronized void rotateIfDue() {
    Instant now = clock.instant();
    Secret stored = secrets().get();
    if (stored == null) {
      // Deleted under us: put back the ring this process holds rather than lose every key.
      stored = client.secrets().inNamespace(namespace).resource(toSecret(ring.get(), null)).create();
      LOG.warn("the key ring Secret {}/{} was missing and has been restored", namespace, SECRET_NAME);
    }
    KeyRing latest = parse(stored);
    if (latest.rotationDue(now, rotationPeriod)) {
      KeyRing rotated = latest.rotated(now);
      try {
        client.secrets().inNamespace(namespace).resource(toSecret(rotated, stored)).update();
        latest = rotated;
        LOG.info("rotated the sealing key: new active key {}", rotated.active().id());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        latest = parse(secrets().get()); // a peer rotated first: take its ring
      }
    }
    ring.set(latest);
    publish(latest);
  }

  private KeyRing loadOrCreate() {
    Secret existing = secrets().get();
    if (existing != null) {
      return parse(existing);
    }
    KeyRing fresh = KeyRing.generate(clock.instant());
    try {
      client.secrets().inNamespace(namespace).resource(toSecret(fresh, null)).create();
      LOG.info("created the key ring {}/{} with key {}", namespace, SECRET_NAME, fresh.active().id());
      return fresh;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return parse(secrets().get()); // a peer created it first
    }
  }

  private void publish(KeyRing keys) {
    String pem = Pem.publicKey(keys.active().pair().getPublic());
    ConfigMap current = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP_NAME).get();
    if (current != null && Objects.equals(current.getData() == null ? null : current.getData().get(CERT_KEY), pem)) {
      return;
    }
    ConfigMap desired = new ConfigMapBuilder()
        .withNewMetadata().withName(CONFIG_MAP_NAME).withNamespace(namespace).withLabels(LABELS).endMetadata()
        .withData(Map.of(CERT_KEY, pem))
        .build();
    if (current == null) {
      client.configMaps().inNamespace(namespace).resource(desired).create();
    } else {
      desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      client.configMaps().inNamespace(namespace).resource(desired).update();
    }
  }

  private io.fabric8.kubernetes.client.dsl.Resource<Secret> secrets() {
    return client.secrets().inNamespace(namespace).withName(SECRET_NAME);
  }

  private Secret toSecret(KeyRing keys, Secret previous) {
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, String> data = new LinkedHashMap<>();
    data.put(FINGERPRINT_KEY, b64.encodeToString(keys.fingerprintKey()));
    for (KeyRing.SealingKey key : keys.keys()) {
      data.put(key.id() + KEY_SUFFIX, b64.encodeToString(key.pair().getPrivate().getEncoded()));
      data.put(key.id() + CREATED_SUFFIX, b64.encodeToString(key.created().toString().getBytes()));
    }
    SecretBuilder builder = new SecretBuilder()
        .withNewMetadata().withName(SECRET_NAME).withNamespace(namespace).withLabels(LABELS).endMetadata()
        .withType("Opaque")
        .withData(data);
    if (previous != null) {
      builder.editMetadata().withResourceVersion(previous.getMetadata().getResourceVersion()).endMetadata();
    }
    return builder.build();
  }

  static KeyRing parse(Secret secret) {
    Base64.Decoder b64 = Base64.getDecoder();
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    List<KeyRing.SealingKey> keys = new ArrayList<>();
    for (Map.Entry<String, String> entry : data.entrySet()) {
      if (entry.getKey().endsWith(KEY_SUFFIX) && !entry.getKey().equals(FINGERPRINT_KEY)) {
        String id = entry.getKey().substring(0, entry.getKey().length() - KEY_SUFFIX.length());
        String created = data.get(id + CREATED_SUFFIX);
        Instant when = created == null ? Instant.EPOCH : Instant.parse(new String(b64.decode(created)));
        keys.add(KeyRing.fromPkcs8(b64.decode(entry.getValue()), when));
      }
    }
    String fingerprint = data.get(FINGERPRINT_KEY);
    if (keys.isEmpty() || fingerprint == null) {
      throw new IllegalStateException("Secret " + SECRET_NAME + " is not a key ring (no keys or no fingerprint key)");
    }
    return new KeyRing(keys, b64.decode(fingerprint));
  }
}
