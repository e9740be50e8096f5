package org.openmetadata.secrets.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hybrid encryption with the JDK alone, in the format the keys decide ({@link Format}): to one
 * X25519 key, v2, HPKE base mode (RFC 9180: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM);
 * to one RSA key, v1, a fresh AES-256-GCM data key wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256);
 * to several X25519 keys, v3, a fresh AES-256-GCM data key sealed with that HPKE to each of them.
 * Every way the format, the key ids and the scope are GCM additional data, so the ciphertext opens
 * only for the resource it was sealed for; v2 and v3 also bind format and key ids into HPKE's key
 * schedule (its info), and v3 binds the scope into each wrapped data key as well.
 */
public final class Sealer {

  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;
  private static final int DATA_KEY_BYTES = 32;

  /** A v3 wrap: HPKE's enc, then the data key sealed with HPKE (with its tag). */
  private static final int WRAP_BYTES = Hpke.ENC_BYTES + DATA_KEY_BYTES + Hpke.TAG_BYTES;

  private static final String RECIPIENTS = ",";
  private static final OAEPParameterSpec OAEP =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sealer() {}

  /**
   * Seals to an X25519 key (format v2) or an RSA key (v1, for a {@code cert.pem} from before v2).
   */
  public static String seal(PublicKey publicKey, Scope scope, byte[] plaintext) {
    return seal(List.of(publicKey), scope, plaintext);
  }

  /**
   * Seals to every key, so that a ring holding any one of them opens the value: one key as {@link
   * #seal(PublicKey, Scope, byte[])} does; several, at most {@value Format#MAX_RECIPIENTS}, all
   * X25519 and none twice, in format v3.
   */
  public static String seal(List<PublicKey> recipients, Scope scope, byte[] plaintext) {
    List<String> keyIds = recipients.stream().map(KeyIds::of).toList();
    checkRecipients(recipients, keyIds);
    try {
      if (recipients.size() > 1) {
        return sealV3(recipients, keyIds, scope, plaintext).encode();
      }
      PublicKey publicKey = recipients.get(0);
      return (X25519.is(publicKey)
              ? sealV2(publicKey, keyIds.get(0), scope, plaintext)
              : sealV1(publicKey, keyIds.get(0), scope, plaintext))
          .encode();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks X25519, AES-GCM or RSA-OAEP", e);
    }
  }

  private static void checkRecipients(List<PublicKey> recipients, List<String> keyIds) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("no key to seal to");
    }
    if (recipients.size() > Format.MAX_RECIPIENTS) {
      throw new IllegalArgumentException(
          "at most "
              + Format.MAX_RECIPIENTS
              + " keys can share one sealed value, not "
              + recipients.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < recipients.size(); i++) {
      PublicKey key = recipients.get(i);
      String keyId = keyIds.get(i);
      if (Format.of(key).isEmpty()) {
        throw new IllegalArgumentException(
            "not an X25519 or RSA public key: " + key.getAlgorithm());
      }
      if (recipients.size() > 1 && !Format.V3.opensWith(key)) {
        throw new IllegalArgumentException(
            "key "
                + keyId
                + (key instanceof RSAKey ? " is an RSA key" : " is not an X25519 key")
                + ": a value for several keys needs X25519 keys (a cert.pem from before format v2"
                + " is RSA; fetch the cluster's current cert.pem)");
      }
      if (!seen.add(keyId)) {
        throw new IllegalArgumentException("key " + keyId + " is given twice");
      }
    }
  }

  private static Envelope sealV2(PublicKey publicKey, String keyId, Scope scope, byte[] plaintext)
      throws GeneralSecurityException {
    Hpke.Sealed sealed =
        Hpke.seal(
            publicKey, info(Format.V2, keyId), scope.associatedData(Format.V2, keyId), plaintext);
    return Envelope.v2(keyId, sealed.enc(), sealed.ciphertext());
  }

  private static Envelope sealV1(PublicKey publicKey, String keyId, Scope scope, byte[] plaintext)
      throws GeneralSecurityException {
    Encrypted body = encrypt(scope.associatedData(Format.V1, keyId), plaintext);
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(Cipher.WRAP_MODE, publicKey, OAEP);
    return Envelope.v1(keyId, rsa.wrap(body.dataKey()), body.iv(), body.ciphertext());
  }

  /**
   * The value encrypted once under a fresh data key, and that key sealed with HPKE to each
   * recipient (a fresh ephemeral key each). All key ids, in order, and the scope are the additional
   * data of both, and the ids HPKE's info too: dropping, adding, reordering or relabelling a
   * recipient, or moving the value to another scope, makes every recipient's open fail.
   */
  private static Envelope sealV3(
      List<PublicKey> recipients, List<String> keyIds, Scope scope, byte[] plaintext)
      throws GeneralSecurityException {
    String ids = String.join(RECIPIENTS, keyIds);
    byte[] aad = scope.associatedData(Format.V3, ids);
    Encrypted body = encrypt(aad, plaintext);
    byte[] dataKey = body.dataKey().getEncoded();
    List<byte[]> wraps = new ArrayList<>();
    for (PublicKey recipient : recipients) {
      Hpke.Sealed wrap = Hpke.seal(recipient, info(Format.V3, ids), aad, dataKey);
      wraps.add(ByteBuffer.allocate(WRAP_BYTES).put(wrap.enc()).put(wrap.ciphertext()).array());
    }
    return Envelope.v3(keyIds, wraps, body.iv(), body.ciphertext());
  }

  /** A fresh AES-256 data key, a random IV, and the value encrypted under them (v1 and v3). */
  private record Encrypted(SecretKey dataKey, byte[] iv, byte[] ciphertext) {}

  private static Encrypted encrypt(byte[] aad, byte[] plaintext) throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(DATA_KEY_BYTES * 8, RANDOM);
    SecretKey dataKey = generator.generateKey();
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BYTES * 8, iv));
    aes.updateAAD(aad);
    return new Encrypted(dataKey, iv, aes.doFinal(plaintext));
  }

  /** HPKE's info: magic, format and key ids, NUL-separated (none contains one). */
  private static byte[] info(Format format, String keyIds) {
    return String.join("\0", Envelope.MAGIC, format.version, keyIds)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The key ids a sealed value names (one, or each recipient of a v3 value), or none when it does
   * not start as a sealed value (open() then says why). Read from the header alone, without
   * decoding the rest: the reconciler asks on every pass over an in-sync sealed value.
   */
  public static List<String> keyIdsOf(String sealed) {
    return Envelope.keyIdsOf(sealed);
  }

  /**
   * {@code oms:<version>:<keyIds>:} as the sealed value starts (what {@link #keyIdsOf} reads), or
   * "".
   */
  public static String headerOf(String sealed) {
    return Envelope.headerOf(sealed);
  }

  /**
   * Opens a sealed value of any format with the key ring; every failure is a {@link
   * SealingException}. A v3 value costs one HPKE open, with the first of its recipients the ring
   * holds; the others' wrapped keys are not touched.
   */
  public static byte[] open(KeyRing keys, Scope scope, String sealed) throws SealingException {
    Envelope envelope = Envelope.decode(sealed);
    KeyRing.SealingKey key =
        keys.findAny(envelope.keyIds())
            .orElseThrow(
                () ->
                    new SealingException(
                        (envelope.keyIds().size() == 1
                                ? "sealed with unknown key "
                                : "sealed with unknown keys ")
                            + String.join(RECIPIENTS, envelope.keyIds())
                            + " (not in the operator's key ring)"));
    if (!envelope.format().opensWith(key.pair().getPublic())) {
      throw new SealingException(
          "encryptedValue is malformed (format "
              + envelope.format().version
              + " does not match key "
              + key.id()
              + ")");
    }
    // The JDK's GCM throws ProviderException, not AEADBadTagException, for input shorter than the
    // tag.
    if (envelope.ciphertext().length < TAG_BYTES) {
      throw new SealingException(
          "encryptedValue is malformed (ciphertext shorter than its authentication tag)");
    }
    if (envelope.format().hasIv && envelope.iv().length != IV_BYTES) {
      throw new SealingException("encryptedValue is malformed (bad IV length)");
    }
    // Below, the input is the attacker's: the JCE answers some shapes with runtime exceptions
    // (IllegalArgumentException, ProviderException), which must not become retried internal errors.
    try {
      return switch (envelope.format()) {
        case V1 -> openV1(key, scope, envelope);
        case V2 -> openV2(key, scope, envelope);
        case V3 -> openV3(key, scope, envelope);
      };
    } catch (AEADBadTagException e) {
      throw new SealingException(
          "encryptedValue does not open for "
              + scope
              + ": tampered, truncated, or sealed for another resource");
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException("encryptedValue does not open: " + e.getClass().getSimpleName());
    }
  }

  private static byte[] openV2(KeyRing.SealingKey key, Scope scope, Envelope envelope)
      throws GeneralSecurityException, SealingException {
    byte[] enc = envelope.keys().get(0);
    if (enc.length != Hpke.ENC_BYTES) {
      throw new SealingException("encryptedValue is malformed (bad encapsulated key length)");
    }
    return hpkeOpen(
        key,
        enc,
        info(Format.V2, key.id()),
        scope.associatedData(Format.V2, key.id()),
        envelope.ciphertext());
  }

  private static byte[] openV1(KeyRing.SealingKey key, Scope scope, Envelope envelope)
      throws GeneralSecurityException, SealingException {
    SecretKey dataKey;
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.UNWRAP_MODE, key.pair().getPrivate(), OAEP);
      dataKey = (SecretKey) rsa.unwrap(envelope.keys().get(0), "AES", Cipher.SECRET_KEY);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException("encryptedValue does not open: its wrapped key is damaged");
    }
    return decrypt(dataKey.getEncoded(), envelope, scope.associatedData(Format.V1, key.id()));
  }

  private static byte[] openV3(KeyRing.SealingKey key, Scope scope, Envelope envelope)
      throws GeneralSecurityException, SealingException {
    byte[] wrap = envelope.keys().get(envelope.keyIds().indexOf(key.id()));
    if (wrap.length != WRAP_BYTES) {
      throw new SealingException("encryptedValue is malformed (bad wrapped key length)");
    }
    String ids = String.join(RECIPIENTS, envelope.keyIds());
    byte[] aad = scope.associatedData(Format.V3, ids);
    byte[] dataKey =
        hpkeOpen(
            key,
            Arrays.copyOf(wrap, Hpke.ENC_BYTES),
            info(Format.V3, ids),
            aad,
            Arrays.copyOfRange(wrap, Hpke.ENC_BYTES, WRAP_BYTES));
    return decrypt(dataKey, envelope, aad);
  }

  private static byte[] hpkeOpen(
      KeyRing.SealingKey key, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext)
      throws GeneralSecurityException, SealingException {
    try {
      return Hpke.open(key.pair(), enc, info, aad, ciphertext);
    } catch (InvalidKeyException e) {
      throw new SealingException("encryptedValue does not open: its encapsulated key is damaged");
    }
  }

  private static byte[] decrypt(byte[] dataKey, Envelope envelope, byte[] aad)
      throws GeneralSecurityException {
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(dataKey, "AES"),
        new GCMParameterSpec(TAG_BYTES * 8, envelope.iv()));
    aes.updateAAD(aad);
    return aes.doFinal(envelope.ciphertext());
  }
}
