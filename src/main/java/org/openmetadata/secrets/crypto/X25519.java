package org.openmetadata.secrets.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * X25519 (RFC 7748): keys are the JDK's (PKCS#8 and SubjectPublicKeyInfo, as the key ring stores
 * them), the arithmetic is Bouncy Castle's, which under C1 (the chart's JIT setting) costs about
 * half the CPU of the JDK's XDH; and the raw 32-byte public keys that HPKE sends.
 */
final class X25519 {

  static final int KEY_BYTES = 32;

  /** An X25519 SubjectPublicKeyInfo (RFC 8410) is this fixed DER header followed by the raw key. */
  private static final byte[] SPKI_HEADER = HexFormat.of().parseHex("302a300506032b656e032100");

  private X25519() {}

  static boolean is(Key key) {
    return key instanceof XECKey xec
        && xec.getParams() instanceof NamedParameterSpec curve
        && NamedParameterSpec.X25519.getName().equals(curve.getName());
  }

  static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("X25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks X25519", e);
    }
  }

  static byte[] raw(PublicKey key) {
    byte[] spki = key.getEncoded();
    return Arrays.copyOfRange(spki, SPKI_HEADER.length, spki.length);
  }

  /** The public key of 32 raw bytes; any 32 bytes are one (RFC 7748 masks the top bit). */
  static PublicKey publicKey(byte[] raw) {
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("an X25519 public key has " + KEY_BYTES + " bytes");
    }
    byte[] spki =
        ByteBuffer.allocate(SPKI_HEADER.length + KEY_BYTES).put(SPKI_HEADER).put(raw).array();
    try {
      return KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks X25519", e);
    }
  }

  /**
   * The public half of a private key: the private scalar times the base point (JDK 17 keeps no
   * public half).
   */
  static PublicKey publicKeyOf(PrivateKey key) {
    byte[] raw = new byte[KEY_BYTES];
    org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(scalar(key), 0, raw, 0);
    return publicKey(raw);
  }

  /** The Diffie-Hellman shared secret. */
  static byte[] agree(PrivateKey own, PublicKey peer) throws InvalidKeyException {
    return agree(own, raw(peer));
  }

  /**
   * The Diffie-Hellman shared secret with a raw public key; one of small order (an all-zero result)
   * is refused, as the JDK refuses it.
   */
  static byte[] agree(PrivateKey own, byte[] peer) throws InvalidKeyException {
    if (peer.length != KEY_BYTES) {
      throw new InvalidKeyException("an X25519 public key has " + KEY_BYTES + " bytes");
    }
    byte[] shared = new byte[KEY_BYTES];
    if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(
        scalar(own), 0, peer, 0, shared, 0)) {
      throw new InvalidKeyException("X25519 public key of small order");
    }
    return shared;
  }

  /** The private scalar as RFC 7748 encodes it (Bouncy Castle clamps it as the JDK does). */
  private static byte[] scalar(PrivateKey key) {
    if (!(key instanceof XECPrivateKey xec) || !is(key)) {
      throw new IllegalArgumentException("not an X25519 private key");
    }
    return xec.getScalar().orElseThrow(() -> new IllegalArgumentException("no X25519 scalar"));
  }
}
