package org.openmetadata.secrets.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HPKE (RFC 9180) in base mode with one suite, that of its appendix A.1: DHKEM(X25519,
 * HKDF-SHA256), HKDF-SHA256 and AES-128-GCM, on the JDK's XDH and HmacSHA256. Single-shot: each
 * context seals or opens one message, the first of its sequence, whose nonce is the base nonce
 * itself.
 */
final class Hpke {

  static final int ENC_BYTES = X25519.KEY_BYTES;
  static final int TAG_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int KEY_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] VERSION_LABEL = ascii("HPKE-v1");

  /** "KEM" || kem_id 0x0020. */
  private static final byte[] KEM_SUITE = {'K', 'E', 'M', 0x00, 0x20};

  /** "HPKE" || kem_id 0x0020 || kdf_id 0x0001 || aead_id 0x0001. */
  private static final byte[] SUITE = {'H', 'P', 'K', 'E', 0x00, 0x20, 0x00, 0x01, 0x00, 0x01};

  private static final byte MODE_BASE = 0x00;

  /**
   * What the sender sends: the encapsulated (ephemeral public) key and the AEAD output with its
   * tag.
   */
  record Sealed(byte[] enc, byte[] ciphertext) {}

  /** The key schedule's output that one message needs. */
  record Context(byte[] key, byte[] baseNonce) {}

  private Hpke() {}

  static Sealed seal(PublicKey recipient, byte[] info, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    return seal(X25519.generate(), recipient, info, aad, plaintext);
  }

  /** With the ephemeral key pair given: Encap's randomness, fixed by the RFC's test vectors. */
  static Sealed seal(
      KeyPair ephemeral, PublicKey recipient, byte[] info, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    byte[] enc = X25519.raw(ephemeral.getPublic());
    byte[] dh = X25519.agree(ephemeral.getPrivate(), recipient);
    Context context = keySchedule(sharedSecret(dh, enc, X25519.raw(recipient)), info);
    return new Sealed(enc, aead(Cipher.ENCRYPT_MODE, context, aad, plaintext));
  }

  /**
   * Opens with the recipient's key pair (its public half is part of the KEM context). Throws
   * InvalidKeyException for an {@code enc} of small order, AEADBadTagException when anything
   * authenticated differs.
   */
  static byte[] open(KeyPair recipient, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext)
      throws GeneralSecurityException {
    byte[] dh = X25519.agree(recipient.getPrivate(), enc);
    Context context = keySchedule(sharedSecret(dh, enc, X25519.raw(recipient.getPublic())), info);
    return aead(Cipher.DECRYPT_MODE, context, aad, ciphertext);
  }

  /** DHKEM's ExtractAndExpand, with kem_context = enc || pkRm. */
  static byte[] sharedSecret(byte[] dh, byte[] enc, byte[] recipientPublicKey) {
    byte[] prk = labeledExtract(KEM_SUITE, EMPTY, "eae_prk", dh);
    return labeledExpand(
        KEM_SUITE, prk, "shared_secret", concat(enc, recipientPublicKey), HASH_BYTES);
  }

  /** KeySchedule in base mode: no PSK, so psk and psk_id are empty. */
  static Context keySchedule(byte[] sharedSecret, byte[] info) {
    byte[] context =
        concat(
            new byte[] {MODE_BASE},
            labeledExtract(SUITE, EMPTY, "psk_id_hash", EMPTY),
            labeledExtract(SUITE, EMPTY, "info_hash", info));
    byte[] secret = labeledExtract(SUITE, sharedSecret, "secret", EMPTY);
    return new Context(
        labeledExpand(SUITE, secret, "key", context, KEY_BYTES),
        labeledExpand(SUITE, secret, "base_nonce", context, NONCE_BYTES));
  }

  private static byte[] aead(int mode, Context context, byte[] aad, byte[] input)
      throws GeneralSecurityException {
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        mode,
        new SecretKeySpec(context.key(), "AES"),
        new GCMParameterSpec(TAG_BYTES * 8, context.baseNonce()));
    aes.updateAAD(aad);
    return aes.doFinal(input);
  }

  private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm) {
    return extract(salt, concat(VERSION_LABEL, suite, ascii(label), ikm));
  }

  private static byte[] labeledExpand(
      byte[] suite, byte[] prk, String label, byte[] info, int length) {
    byte[] lengthPrefix = {(byte) (length >>> 8), (byte) length};
    return expand(prk, concat(lengthPrefix, VERSION_LABEL, suite, ascii(label), info), length);
  }

  /**
   * HKDF-Extract (RFC 5869); an empty salt is HashLen zero bytes, as the RFC says (and HMAC pads to
   * that anyway).
   */
  private static byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt).doFinal(ikm);
  }

  /**
   * HKDF-Expand (RFC 5869): T(i) = HMAC(prk, T(i-1) || info || i), concatenated and cut to length.
   */
  private static byte[] expand(byte[] prk, byte[] info, int length) {
    Mac mac = hmac(prk);
    ByteArrayOutputStream okm = new ByteArrayOutputStream();
    byte[] block = EMPTY;
    for (int i = 1; okm.size() < length; i++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) i);
      block = mac.doFinal();
      okm.writeBytes(block);
    }
    return Arrays.copyOf(okm.toByteArray(), length);
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
