package org.openmetadata.secrets.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hybrid encryption with the JDK alone, in the format the key decides ({@link Format}): to an
 * X25519 key, v2, HPKE base mode (RFC 9180: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM);
 * to an RSA key, v1, a fresh AES-256-GCM key wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256). Either
 * way the scope and key id are GCM additional data, so the ciphertext opens only for the resource
 * it was sealed for; v2 also binds format and key id into the key schedule (HPKE's info).
 */
public final class Sealer {

  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;
  private static final OAEPParameterSpec OAEP =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sealer() {}

  /**
   * Seals to an X25519 key (format v2) or an RSA key (v1, for a {@code cert.pem} from before v2).
   */
  public static String seal(PublicKey publicKey, Scope scope, byte[] plaintext) {
    String keyId = KeyIds.of(publicKey);
    Format format =
        Format.of(publicKey)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not an X25519 or RSA public key: " + publicKey.getAlgorithm()));
    try {
      return (format == Format.V2
              ? sealV2(publicKey, keyId, scope, plaintext)
              : sealV1(publicKey, keyId, scope, plaintext))
          .encode();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks X25519, AES-GCM or RSA-OAEP", e);
    }
  }

  private static Envelope sealV2(PublicKey publicKey, String keyId, Scope scope, byte[] plaintext)
      throws GeneralSecurityException {
    Hpke.Sealed sealed =
        Hpke.seal(publicKey, info(keyId), scope.associatedData(Format.V2, keyId), plaintext);
    return Envelope.v2(keyId, sealed.enc(), sealed.ciphertext());
  }

  private static Envelope sealV1(PublicKey publicKey, String keyId, Scope scope, byte[] plaintext)
      throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256, RANDOM);
    SecretKey dataKey = generator.generateKey();
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BYTES * 8, iv));
    aes.updateAAD(scope.associatedData(Format.V1, keyId));
    byte[] ciphertext = aes.doFinal(plaintext);
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(Cipher.WRAP_MODE, publicKey, OAEP);
    return Envelope.v1(keyId, rsa.wrap(dataKey), iv, ciphertext);
  }

  /** HPKE's info: the format and the key id, NUL-separated (neither contains one). */
  private static byte[] info(String keyId) {
    return String.join("\0", Envelope.MAGIC, Format.V2.version, keyId)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The key id a sealed value names, or "" when it does not start as one (open() then says why).
   * Read from the header alone, without decoding the rest: the reconciler asks on every pass over
   * an in-sync sealed value.
   */
  public static String keyIdOf(String sealed) {
    return Envelope.keyIdOf(sealed);
  }

  /**
   * Every recipient key id a sealed value's header names (v1 and v2 have one), or none when it does
   * not start as a sealed value; read from the header alone, like {@link #keyIdOf}.
   */
  public static List<String> keyIdsOf(String sealed) {
    String id = keyIdOf(sealed);
    return id.isEmpty() ? List.of() : List.of(id);
  }

  /**
   * {@code oms:<version>:<keyId>:} as the sealed value starts (what {@link #keyIdOf} reads), or "".
   */
  public static String headerOf(String sealed) {
    return Envelope.headerOf(sealed);
  }

  /**
   * Opens a sealed value of either format with the key ring; every failure is a {@link
   * SealingException}.
   */
  public static byte[] open(KeyRing keys, Scope scope, String sealed) throws SealingException {
    Envelope envelope = Envelope.decode(sealed);
    KeyRing.SealingKey key =
        keys.find(envelope.keyId())
            .orElseThrow(
                () ->
                    new SealingException(
                        "sealed with unknown key "
                            + envelope.keyId()
                            + " (not in the operator's key ring)"));
    if (Format.of(key.pair().getPublic()).orElseThrow() != envelope.format()) {
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
    // Below, the input is the attacker's: the JCE answers some shapes with runtime exceptions
    // (IllegalArgumentException, ProviderException), which must not become retried internal errors.
    try {
      return envelope.format() == Format.V2
          ? openV2(key, scope, envelope)
          : openV1(key, scope, envelope);
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
    if (envelope.key().length != Hpke.ENC_BYTES) {
      throw new SealingException("encryptedValue is malformed (bad encapsulated key length)");
    }
    try {
      return Hpke.open(
          key.pair(),
          envelope.key(),
          info(key.id()),
          scope.associatedData(Format.V2, key.id()),
          envelope.ciphertext());
    } catch (InvalidKeyException e) {
      throw new SealingException("encryptedValue does not open: its encapsulated key is damaged");
    }
  }

  private static byte[] openV1(KeyRing.SealingKey key, Scope scope, Envelope envelope)
      throws GeneralSecurityException, SealingException {
    if (envelope.iv().length != IV_BYTES) {
      throw new SealingException("encryptedValue is malformed (bad IV length)");
    }
    SecretKey dataKey;
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.UNWRAP_MODE, key.pair().getPrivate(), OAEP);
      dataKey = (SecretKey) rsa.unwrap(envelope.key(), "AES", Cipher.SECRET_KEY);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException("encryptedValue does not open: its wrapped key is damaged");
    }
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(dataKey.getEncoded(), "AES"),
        new GCMParameterSpec(TAG_BYTES * 8, envelope.iv()));
    aes.updateAAD(scope.associatedData(Format.V1, key.id()));
    return aes.doFinal(envelope.ciphertext());
  }
}
