package org.openmetadata.secrets.keys;

import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmetadata.secrets.crypto.KeyIds;
import org.openmetadata.secrets.crypto.KeyRing;
import org.openmetadata.secrets.crypto.Pem;

/**
 * The ring as the ConfigMap {@value KeyRingStore#CONFIG_MAP_NAME} publishes it, public halves only,
 * so whoever may read that ConfigMap (and not the ring Secret) can list the ring: {@code cert.pem}
 * the active key (what {@code seal} uses), {@code active} its id, and for each key {@code
 * <keyId>.pem}, {@code <keyId>.algorithm} and {@code <keyId>.created}.
 */
public final class PublishedKeys {

  public static final String ACTIVE = "active";
  private static final String PEM_SUFFIX = ".pem";
  private static final String ALGORITHM_SUFFIX = ".algorithm";
  private static final String CREATED_SUFFIX = ".created";

  /** One published key. */
  public record Key(String id, String algorithm, Instant created, boolean active) {}

  private PublishedKeys() {}

  /** The ConfigMap's data for {@code ring}. */
  static Map<String, String> data(KeyRing ring) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(KeyRingStore.CERT_KEY, Pem.publicKey(ring.active().pair().getPublic()));
    data.put(ACTIVE, ring.active().id());
    for (KeyRing.SealingKey key : ring.keys()) {
      data.put(key.id() + PEM_SUFFIX, Pem.publicKey(key.pair().getPublic()));
      data.put(key.id() + ALGORITHM_SUFFIX, algorithm(key.pair().getPublic()));
      data.put(key.id() + CREATED_SUFFIX, key.created().toString());
    }
    return data;
  }

  /** RSA-&lt;bits&gt; (format v1) or X25519 (v2): a ring holds no other kind. */
  static String algorithm(PublicKey key) {
    return key instanceof RSAKey rsa ? "RSA-" + rsa.getModulus().bitLength() : "X25519";
  }

  /**
   * The keys a ConfigMap's data lists, oldest first. A ConfigMap written before the ring was
   * published whole lists its active key only, from {@code cert.pem}, with no creation time.
   *
   * @throws IllegalArgumentException when it holds no readable key
   */
  public static List<Key> read(Map<String, String> data) {
    List<Key> keys = new ArrayList<>();
    String active = data.get(ACTIVE);
    data.forEach(
        (name, value) -> {
          if (name.endsWith(PEM_SUFFIX) && !name.equals(KeyRingStore.CERT_KEY)) {
            String id = name.substring(0, name.length() - PEM_SUFFIX.length());
            keys.add(
                new Key(
                    id,
                    data.getOrDefault(id + ALGORITHM_SUFFIX, "?"),
                    created(data.get(id + CREATED_SUFFIX)),
                    id.equals(active)));
          }
        });
    if (keys.isEmpty() && data.containsKey(KeyRingStore.CERT_KEY)) {
      PublicKey cert = Pem.parsePublicKey(data.get(KeyRingStore.CERT_KEY));
      keys.add(new Key(KeyIds.of(cert), algorithm(cert), Instant.EPOCH, true));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("publishes no key");
    }
    keys.sort(Comparator.comparing(Key::created).thenComparing(Key::id));
    return keys;
  }

  private static Instant created(String text) {
    try {
      return text == null ? Instant.EPOCH : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
