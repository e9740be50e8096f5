package org.openmetadata.secrets.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * A key's id: the first 8 bytes of SHA-256 over its SubjectPublicKeyInfo, so sealers derive it too.
 */
public final class KeyIds {

  private KeyIds() {}

  public static String of(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
