package org.openmetadata.secrets.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hybrid encryption with the JDK alone: a fresh AES-256-GCM key per value, wrapped with RSA-OAEP
 * (SHA-256, MGF1-SHA-256) to the operator's public key. The scope and key id are GCM additional
 * data, so the ciphertext opens only for the resource it was sealed for.
 */
public final class Sealer {

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final OAEPParameterSpec OAEP =
      new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  private static final SecureRandom RANDOM = new SecureRandom();

  private Sealer() {}

  public static String seal(PublicKey publicKey, Scope scope, byte[] plaintext) {
    try {
      String keyId = KeyIds.of(publicKey);
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, RANDOM);
      SecretKey dataKey = generator.generateKey();
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, iv));
      aes.updateAAD(scope.associatedData(keyId));
      byte[] ciphertext = aes.doFinal(plaintext);
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.WRAP_MODE, publicKey, OAEP);
      return new Envelope(keyId, rsa.wrap(dataKey), iv, ciphertext).encode();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES-GCM or RSA-OAEP", e);
    }
  }

  /** The key id a sealed value names, or "" when it is not a sealed value (open() then says why). */
  public static String keyIdOf(String sealed) {
    try {
      return Envelope.decode(sealed).keyId();
    } catch (SealingException e) {
      return "";
    }
  }

  /** Opens a sealed value with the key ring; every failure is a {@link SealingException}. */
  public static byte[] open(KeyRing keys, Scope scope, String sealed) throws SealingException {
    Envelope envelope = Envelope.decode(sealed);
    Optional<PrivateKey> privateKey = keys.privateKey(envelope.keyId());
    if (privateKey.isEmpty()) {
      throw new SealingException("sealed with unknown key " + envelope.keyId() + " (not in the operator's key ring)");
    }
    if (envelope.iv().length != IV_BYTES) {
      throw new SealingException("encryptedValue is malformed (bad IV length)");
    }
    // The JDK's GCM throws ProviderException, not AEADBadTagException, for input shorter than the tag.
    if (envelope.ciphertext().length < TAG_BITS / 8) {
      throw new SealingException("encryptedValue is malformed (ciphertext shorter than its authentication tag)");
    }
    // Below, the input is the attacker's: the JCE answers some shapes with runtime exceptions
    // (IllegalArgumentException, ProviderException), which must not become retried internal errors.
    SecretKey dataKey;
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.UNWRAP_MODE, privateKey.get(), OAEP);
      dataKey = (SecretKey) rsa.unwrap(envelope.wrappedKey(), "AES", Cipher.SECRET_KEY);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException("encryptedValue does not open: its wrapped key is damaged");
    }
    try {
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey.getEncoded(), "AES"),
          new GCMParameterSpec(TAG_BITS, envelope.iv()));
      aes.updateAAD(scope.associatedData(envelope.keyId()));
      return aes.doFinal(envelope.ciphertext());
    } catch (AEADBadTagException e) {
      throw new SealingException(
          "encryptedValue does not open for " + scope + ": tampered, truncated, or sealed for another resource");
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException("encryptedValue does not open: " + e.getClass().getSimpleName());
    }
  }
}
