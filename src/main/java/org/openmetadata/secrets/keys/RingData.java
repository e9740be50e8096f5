package org.openmetadata.secrets.keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openmetadata.secrets.crypto.KeyRing;

/**
 * The data of the ring Secret {@value KeyRingStore#SECRET_NAME} (base64 values, as Secret data has
 * them): {@code <keyId>.key} a PKCS#8 private key, {@code <keyId>.created} when it was made, {@code
 * fingerprint.key}, and the {@link Tombstones} marks. The operator reads and writes the whole ring;
 * {@code kubectl om-secrets keys retire} and {@code restore} edit one key's entries and leave every
 * other byte as stored.
 */
public final class RingData {

  static final String FINGERPRINT_KEY = "fingerprint.key";
  static final String KEY_SUFFIX = ".key";
  static final String CREATED_SUFFIX = ".created";

  /**
   * A stored ring: every key it holds (a key retired but still present, from an old backup applied
   * over the ring, included) and its marks.
   */
  public record Stored(KeyRing keys, Tombstones marks) {

    /** The ring without its retired keys: what the operator opens values with. */
    public KeyRing ring() {
      return marks.apply(keys);
    }
  }

  private RingData() {}

  /**
   * @throws IllegalStateException when the data is not a key ring
   */
  public static Stored read(Map<String, String> data) {
    Base64.Decoder b64 = Base64.getDecoder();
    List<KeyRing.SealingKey> keys = new ArrayList<>();
    for (Map.Entry<String, String> entry : data.entrySet()) {
      if (entry.getKey().endsWith(KEY_SUFFIX) && !entry.getKey().equals(FINGERPRINT_KEY)) {
        String id = entry.getKey().substring(0, entry.getKey().length() - KEY_SUFFIX.length());
        String created = data.get(id + CREATED_SUFFIX);
        Instant when =
            created == null
                ? Instant.EPOCH
                : Instant.parse(new String(b64.decode(created), StandardCharsets.UTF_8));
        keys.add(KeyRing.fromPkcs8(b64.decode(entry.getValue()), when));
      }
    }
    String fingerprint = data.get(FINGERPRINT_KEY);
    if (keys.isEmpty() || fingerprint == null) {
      throw new IllegalStateException(
          "Secret "
              + KeyRingStore.SECRET_NAME
              + " is not a key ring (no keys or no fingerprint key)");
    }
    return new Stored(new KeyRing(keys, b64.decode(fingerprint)), Tombstones.read(data));
  }

  /** The data of {@code ring} with {@code marks}. */
  static Map<String, String> of(KeyRing ring, Tombstones marks) {
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, String> data = new LinkedHashMap<>();
    data.put(FINGERPRINT_KEY, b64.encodeToString(ring.fingerprintKey()));
    for (KeyRing.SealingKey key : ring.keys()) {
      data.put(key.id() + KEY_SUFFIX, b64.encodeToString(key.pair().getPrivate().getEncoded()));
      data.put(
          key.id() + CREATED_SUFFIX,
          b64.encodeToString(key.created().toString().getBytes(StandardCharsets.UTF_8)));
    }
    marks.write(data);
    return data;
  }

  /**
   * One key's entries ({@code <keyId>.key} and {@code <keyId>.created}): what a retirement removes
   * and its backup holds.
   */
  public static Map<String, String> entriesOf(Map<String, String> data, String keyId) {
    Map<String, String> entries = new TreeMap<>();
    for (String suffix : List.of(KEY_SUFFIX, CREATED_SUFFIX)) {
      if (data.containsKey(keyId + suffix)) {
        entries.put(keyId + suffix, data.get(keyId + suffix));
      }
    }
    return entries;
  }

  /**
   * The data with {@code keyId}'s private key removed and a retired mark in its place.
   *
   * @throws IllegalArgumentException, with a message for the user, when the ring does not hold the
   *     key or it is the active one
   */
  public static Map<String, String> retire(Map<String, String> data, String keyId, Instant now) {
    Stored stored = read(data);
    KeyRing ring = stored.ring();
    if (ring.find(keyId).isEmpty()) {
      throw new IllegalArgumentException(
          stored.marks().retired(keyId)
              ? "key " + keyId + " is retired already"
              : "the key ring holds no key " + keyId);
    }
    if (ring.active().id().equals(keyId)) {
      throw new IllegalArgumentException(
          "key "
              + keyId
              + " is the active key: every new value is sealed to it, so it is never retired"
              + " (a rotation makes a new active key)");
    }
    Map<String, String> next = withoutMarks(data, keyId);
    next.remove(keyId + KEY_SUFFIX);
    next.remove(keyId + CREATED_SUFFIX);
    stored.marks().retire(keyId, now).only(keyId).write(next);
    return next;
  }

  /** A key restored from its backup's entries. */
  public record Restored(String keyId, Map<String, String> data) {}

  /**
   * The data with the key of a backup ({@link #entriesOf}) put back, marked restored so that the
   * running operator, which holds its retired mark, takes it back.
   *
   * @throws IllegalArgumentException, with a message for the user, when the backup holds no single
   *     key, or one whose entry name does not match it
   */
  public static Restored restore(
      Map<String, String> data, Map<String, String> backup, Instant now) {
    List<String> ids =
        backup.keySet().stream()
            .filter(k -> k.endsWith(KEY_SUFFIX) && !k.equals(FINGERPRINT_KEY))
            .map(k -> k.substring(0, k.length() - KEY_SUFFIX.length()))
            .toList();
    if (ids.size() != 1) {
      throw new IllegalArgumentException(
          "holds " + ids.size() + " keys; a backup of a retired key holds exactly one");
    }
    String keyId = ids.get(0);
    KeyRing.SealingKey key;
    try {
      key =
          KeyRing.fromPkcs8(
              Base64.getDecoder().decode(backup.get(keyId + KEY_SUFFIX)), Instant.EPOCH);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("holds no readable private key under " + keyId);
    }
    if (!key.id().equals(keyId)) {
      throw new IllegalArgumentException(
          "names key " + keyId + " but holds key " + key.id() + ": not a backup of " + keyId);
    }
    Stored stored = read(data);
    if (stored.ring().find(keyId).isPresent()) {
      throw new IllegalArgumentException(
          "key " + keyId + " is in the key ring already: nothing to restore");
    }
    Map<String, String> next = withoutMarks(data, keyId);
    next.putAll(entriesOf(backup, keyId));
    stored.marks().restore(keyId, now).only(keyId).write(next);
    return new Restored(keyId, next);
  }

  private static Map<String, String> withoutMarks(Map<String, String> data, String keyId) {
    Map<String, String> next = new LinkedHashMap<>(data);
    next.remove(keyId + Tombstones.RETIRED_SUFFIX);
    next.remove(keyId + Tombstones.RESTORED_SUFFIX);
    return next;
  }
}
