package org.openmetadata.secrets.crypto;

import java.util.Base64;

/**
 * The text form of a sealed value, its binary parts in standard base64:
 *
 * <ul>
 *   <li>{@code oms:v1:<keyId>:<wrappedKey>:<iv>:<ciphertext>}: an AES-256-GCM key wrapped with
 *       RSA-OAEP;
 *   <li>{@code oms:v2:<keyId>:<enc>:<ciphertext>}: HPKE, {@code enc} the 32-byte ephemeral X25519
 *       key (the nonce is derived, so there is no IV; {@code iv} is empty).
 * </ul>
 *
 * The ciphertext carries the 16-byte GCM tag.
 */
record Envelope(Format format, String keyId, byte[] key, byte[] iv, byte[] ciphertext) {

  static final String MAGIC = "oms";
  private static final byte[] NONE = new byte[0];

  static Envelope v1(String keyId, byte[] wrappedKey, byte[] iv, byte[] ciphertext) {
    return new Envelope(Format.V1, keyId, wrappedKey, iv, ciphertext);
  }

  static Envelope v2(String keyId, byte[] enc, byte[] ciphertext) {
    return new Envelope(Format.V2, keyId, enc, NONE, ciphertext);
  }

  String encode() {
    Base64.Encoder b64 = Base64.getEncoder();
    String head = String.join(":", MAGIC, format.version, keyId, b64.encodeToString(key));
    return format == Format.V1
        ? String.join(":", head, b64.encodeToString(iv), b64.encodeToString(ciphertext))
        : String.join(":", head, b64.encodeToString(ciphertext));
  }

  static Envelope decode(String text) throws SealingException {
    String[] parts = text.trim().split(":", -1);
    if (parts.length < 2 || !MAGIC.equals(parts[0])) {
      throw notSealed();
    }
    Format format =
        Format.named(parts[1])
            .orElseThrow(
                () ->
                    new SealingException(
                        "encryptedValue has unsupported format version " + parts[1]));
    if (parts.length != (format == Format.V1 ? 6 : 5)) {
      throw notSealed();
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      return format == Format.V1
          ? v1(parts[2], b64.decode(parts[3]), b64.decode(parts[4]), b64.decode(parts[5]))
          : v2(parts[2], b64.decode(parts[3]), b64.decode(parts[4]));
    } catch (IllegalArgumentException e) {
      throw new SealingException("encryptedValue is malformed (bad base64)");
    }
  }

  /** The key id from {@code oms:<version>:<keyId>:}, or "" when the text does not start so. */
  static String keyIdOf(String text) {
    String head = headerOf(text);
    return head.isEmpty()
        ? ""
        : head.substring(head.indexOf(':', MAGIC.length() + 1) + 1, head.length() - 1);
  }

  /** {@code oms:<version>:<keyId>:} as the text starts, or "" when it does not start so. */
  static String headerOf(String text) {
    String head = text.stripLeading();
    int version = head.indexOf(':');
    int id = version < 0 ? -1 : head.indexOf(':', version + 1);
    int end = id < 0 ? -1 : head.indexOf(':', id + 1);
    if (end < 0
        || !MAGIC.equals(head.substring(0, version))
        || Format.named(head.substring(version + 1, id)).isEmpty()) {
      return "";
    }
    return head.substring(0, end + 1);
  }

  private static SealingException notSealed() {
    return new SealingException(
        "encryptedValue is not a sealed value (expected oms:v2:... or oms:v1:...)");
  }
}
