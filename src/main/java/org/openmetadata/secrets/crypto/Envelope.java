package org.openmetadata.secrets.crypto;

import java.util.Base64;

/**
 * The text form of a sealed value: {@code oms:v1:<keyId>:<wrappedKey>:<iv>:<ciphertext>}, the
 * last three in standard base64. The ciphertext carries the 16-byte GCM tag.
 */
record Envelope(String keyId, byte[] wrappedKey, byte[] iv, byte[] ciphertext) {

  static final String MAGIC = "oms";
  static final String VERSION = "v1";

  String encode() {
    Base64.Encoder b64 = Base64.getEncoder();
    return String.join(":", MAGIC, VERSION, keyId, b64.encodeToString(wrappedKey), b64.encodeToString(iv),
        b64.encodeToString(ciphertext));
  }

  static Envelope decode(String text) throws SealingException {
    String[] parts = text.trim().split(":", -1);
    if (parts.length != 6 || !MAGIC.equals(parts[0])) {
      throw new SealingException("encryptedValue is not a sealed value (expected oms:v1:...)");
    }
    if (!VERSION.equals(parts[1])) {
      throw new SealingException("encryptedValue has unsupported format version " + parts[1]);
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      return new Envelope(parts[2], b64.decode(parts[3]), b64.decode(parts[4]), b64.decode(parts[5]));
    } catch (IllegalArgumentException e) {
      throw new SealingException("encryptedValue is malformed (bad base64)");
    }
  }
}
