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
import java.util.List;
import java.util.Optional;

/**
 * A sealed value's format version, and the kind of key it seals to: v2 (HPKE) to one X25519 key, v1
 * (RSA-OAEP) to one RSA key of a ring made before v2, v3 (a data key wrapped with HPKE for each
 * recipient) to several X25519 keys. A single key's kind decides its format, so whoever seals to an
 * old RSA {@code cert.pem} still makes a value that opens.
 */
enum Format {
  V1("v1", "RSA", 1, true),
  V2("v2", "XDH", 1, false),
  V3("v3", "XDH", Format.MAX_RECIPIENTS, true);

  /**
   * The most recipients a v3 value names: each costs about 126 characters of the CRD's bounded
   * {@code encryptedValue} (OpenMetadataSecretSpec's arithmetic assumes this many).
   */
  static final int MAX_RECIPIENTS = 16;

  /** The formats a single key seals to, one per kind of key. */
  private static final List<Format> SINGLE = List.of(V1, V2);

  final String version;
  private final String keyAlgorithm;
  final int maxRecipients;

  /** Whether the value carries an IV (v1 and v3 encrypt under a random data key). */
  final boolean hasIv;

  Format(String version, String keyAlgorithm, int maxRecipients, boolean hasIv) {
    this.version = version;
    this.keyAlgorithm = keyAlgorithm;
    this.maxRecipients = maxRecipients;
    this.hasIv = hasIv;
  }

  static Optional<Format> named(String version) {
    return Arrays.stream(values()).filter(f -> f.version.equals(version)).findFirst();
  }

  /** The format sealed to this key alone; X448 and other XDH curves are none. */
  static Optional<Format> of(Key key) {
    return X25519.is(key)
        ? Optional.of(V2)
        : key instanceof RSAKey ? Optional.of(V1) : Optional.empty();
  }

  /** Whether this format's values open with this key (v2 and v3: X25519; v1: RSA). */
  boolean opensWith(Key key) {
    return this == V1 ? key instanceof RSAKey : X25519.is(key);
  }

  /** A SubjectPublicKeyInfo of either kind (its algorithm identifier decides which). */
  static PublicKey publicKey(byte[] spki) {
    for (Format format : SINGLE) {
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
    for (Format format : SINGLE) {
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
