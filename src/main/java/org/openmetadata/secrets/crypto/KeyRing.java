package org.openmetadata.secrets.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's keys: sealing key pairs (the newest is active for sealing; older ones still open
 * what was sealed to them) and the HMAC key of value fingerprints. New keys are X25519 (format v2);
 * RSA keys of rings made before v2 stay and open v1. Immutable; rotation returns a new ring.
 */
public final class KeyRing {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One sealing key pair and when it was made. */
  public record SealingKey(String id, KeyPair pair, Instant created) {}

  private final List<SealingKey> keys;
  private final byte[] fingerprintKey;

  public KeyRing(List<SealingKey> keys, byte[] fingerprintKey) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one key");
    }
    this.keys = keys.stream().sorted(Comparator.comparing(SealingKey::created)).toList();
    this.fingerprintKey = fingerprintKey.clone();
  }

  public static KeyRing generate(Instant now) {
    byte[] fingerprintKey = new byte[32];
    RANDOM.nextBytes(fingerprintKey);
    return new KeyRing(List.of(newKey(now)), fingerprintKey);
  }

  public static SealingKey newKey(Instant now) {
    return of(X25519.generate(), now);
  }

  public static SealingKey of(KeyPair pair, Instant created) {
    return new SealingKey(KeyIds.of(pair.getPublic()), pair, created);
  }

  /**
   * The key pair, X25519 or RSA, from its PKCS#8 private key (the public half is derived, not
   * stored).
   */
  public static SealingKey fromPkcs8(byte[] pkcs8, Instant created) {
    return of(Format.keyPair(pkcs8), created);
  }

  public SealingKey active() {
    return keys.get(keys.size() - 1);
  }

  public List<SealingKey> keys() {
    return keys;
  }

  public byte[] fingerprintKey() {
    return fingerprintKey.clone();
  }

  public Optional<SealingKey> find(String keyId) {
    return keys.stream().filter(k -> k.id().equals(keyId)).findFirst();
  }

  /** The first of these keys (a sealed value's recipients) that the ring holds. */
  public Optional<SealingKey> findAny(List<String> keyIds) {
    return keyIds.stream().map(this::find).flatMap(Optional::stream).findFirst();
  }

  public Optional<PrivateKey> privateKey(String keyId) {
    return find(keyId).map(k -> k.pair().getPrivate());
  }

  /**
   * Whether a new active key is due: the active one is older than {@code period} (a zero period
   * never rotates), or is an RSA key of a ring made before format v2 — replaced at once, whatever
   * the period, because each value sealed to it costs an RSA-4096 decryption to open.
   */
  public boolean rotationDue(Instant now, Duration period) {
    return !isX25519(active()) || !period.isZero() && !active().created().plus(period).isAfter(now);
  }

  public static boolean isX25519(SealingKey key) {
    return X25519.is(key.pair().getPublic());
  }

  /** A ring with a new active key; every old key is kept so old ciphertexts still open. */
  public KeyRing rotated(Instant now) {
    List<SealingKey> next = new ArrayList<>(keys);
    next.add(newKey(now));
    return new KeyRing(next, fingerprintKey);
  }

  /**
   * This ring plus every key of {@code stored} it lacks (a peer's rotation), keeping this ring's
   * fingerprint key: what a running operator writes back over a stored ring that lost keys, so no
   * key it holds is ever dropped while it runs.
   */
  public KeyRing union(KeyRing stored) {
    List<SealingKey> all = new ArrayList<>(keys);
    stored.keys.stream().filter(k -> privateKey(k.id()).isEmpty()).forEach(all::add);
    return new KeyRing(all, fingerprintKey);
  }

  /** Whether both rings hold the same key ids and the same fingerprint key. */
  public boolean sameKeys(KeyRing other) {
    return Arrays.equals(fingerprintKey, other.fingerprintKey)
        && keys.stream()
            .map(SealingKey::id)
            .collect(Collectors.toSet())
            .equals(other.keys.stream().map(SealingKey::id).collect(Collectors.toSet()));
  }

  /**
   * A keyed fingerprint of one resource's value: HMAC-SHA-256 under the ring's fingerprint key over
   * the resource's namespace, name and UID and the value, cut to 16 hex digits. Bound to the
   * resource, it shows only that this resource's value changed: the same value in another resource
   * (or in a re-created one) gives an unrelated fingerprint, so fingerprints cannot be compared to
   * test guesses. It depends on nothing that changes at a restart or a rotation (the fingerprint
   * key is never rotated), so an unchanged value never causes a status write.
   */
  public String fingerprint(String namespace, String name, String uid, byte[] value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
      // NUL-separated: no namespace, name or UID contains one, and the value comes last.
      mac.update(
          String.join("\0", "fingerprint", namespace, name, uid, "")
              .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(value), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
