package org.openmetadata.secrets.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * A sealed value's format version, and the kind of key it seals to: v2 (HPKE) to X25519 keys, v1
 * (RSA-OAEP) to the RSA keys of rings made before v2. A key's kind decides the format, so whoever
 * seals to an old RSA {@code cert.pem} still makes a value that opens.
 */
enum Format {
  V1("v1", "RSA"),
  V2("v2", "XDH");

  final String version;
  private final String keyAlgorithm;

  Format(String version, String keyAlgorithm) {
    this.version = version;
    this.keyAlgorithm = keyAlgorithm;
  }

  static Optional<Format> named(String version) {
    return Arrays.stream(values()).filter(f -> f.version.equals(version)).findFirst();
  }

  /** The format sealed to this key; X448 and other XDH curves are none. */
  static Optional<Format> of(Key key) {
    return X25519.is(key)
        ? Optional.of(V2)
        : key instanceof RSAKey ? Optional.of(V1) : Optional.empty();
  }

  /** A SubjectPublicKeyInfo of either kind (its algorithm identifier decides which). */
  static PublicKey publicKey(byte[] spki) {
    for (Format format : values()) {
      try {
        PublicKey key = format.keyFactory().generatePublic(new X509EncodedKeySpec(spki));
        if (of(key).equals(Optional.of(format))) {
          return key;
        }
      } catch (GeneralSecurityException notThisKind) {
        // try the next kind
      }
    }
    throw new IllegalArgumentException("not an X25519 or RSA public key");
  }

  /**
   * A PKCS#8 private key of either kind, and its public half (derived: PKCS#8 as the JDK writes it
   * has none).
   */
  static KeyPair keyPair(byte[] pkcs8) {
    for (Format format : values()) {
      try {
        PrivateKey key = format.keyFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        if (format == V2 && X25519.is(key)) {
          return new KeyPair(X25519.publicKeyOf(key), key);
        }
        if (format == V1 && key instanceof RSAPrivateCrtKey crt) {
          PublicKey publicKey =
              format
                  .keyFactory()
                  .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
          return new KeyPair(publicKey, key);
        }
      } catch (GeneralSecurityException notThisKind) {
        // try the next kind
      }
    }
    throw new IllegalArgumentException("not an X25519 or RSA private key in PKCS#8");
  }

  private KeyFactory keyFactory() throws GeneralSecurityException {
    return KeyFactory.getInstance(keyAlgorithm);
  }
}
