package org.openmetadata.secrets.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text form of a sealed value, its binary parts in standard base64:
 *
 * <ul>
 *   <li>{@code oms:v1:<keyId>:<wrappedKey>:<iv>:<ciphertext>}: an AES-256-GCM key wrapped with
 *       RSA-OAEP;
 *   <li>{@code oms:v2:<keyId>:<enc>:<ciphertext>}: HPKE, {@code enc} the 32-byte ephemeral X25519
 *       key (the nonce is derived, so there is no IV; {@code iv} is empty);
 *   <li>{@code oms:v3:<keyId1>,...,<keyIdN>:<wrap1>,...,<wrapN>:<iv>:<ciphertext>}: an AES-256-GCM
 *       key, and for each recipient, in the order of the key ids, that key sealed with HPKE: {@code
 *       wrap} is the 32-byte {@code enc} followed by the 48-byte HPKE ciphertext of the key.
 * </ul>
 *
 * The ciphertext carries the 16-byte GCM tag. {@code keys} holds one wrapped key per key id.
 */
record Envelope(
    Format format, List<String> keyIds, List<byte[]> keys, byte[] iv, byte[] ciphertext) {

  static final String MAGIC = "oms";
  private static final byte[] NONE = new byte[0];
  private static final String RECIPIENTS = ",";
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

  static Envelope v1(String keyId, byte[] wrappedKey, byte[] iv, byte[] ciphertext) {
    return new Envelope(Format.V1, List.of(keyId), List.of(wrappedKey), iv, ciphertext);
  }

  static Envelope v2(String keyId, byte[] enc, byte[] ciphertext) {
    return new Envelope(Format.V2, List.of(keyId), List.of(enc), NONE, ciphertext);
  }

  static Envelope v3(List<String> keyIds, List<byte[]> wraps, byte[] iv, byte[] ciphertext) {
    return new Envelope(Format.V3, keyIds, wraps, iv, ciphertext);
  }

  String encode() {
    Base64.Encoder b64 = Base64.getEncoder();
    List<String> parts = new ArrayList<>();
    parts.add(MAGIC);
    parts.add(format.version);
    parts.add(String.join(RECIPIENTS, keyIds));
    parts.add(String.join(RECIPIENTS, keys.stream().map(b64::encodeToString).toList()));
    if (format.hasIv) {
      parts.add(b64.encodeToString(iv));
    }
    parts.add(b64.encodeToString(ciphertext));
    return String.join(":", parts);
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
    if (parts.length != (format.hasIv ? 6 : 5)) {
      throw notSealed();
    }
    List<String> keyIds = recipients(format, parts[2]);
    if (!keyIds.stream().allMatch(id -> KEY_ID.matcher(id).matches())) {
      // Not echoed: it is the author's text, and may be anything.
      throw new SealingException("encryptedValue is malformed (a key id is not 16 hex digits)");
    }
    List<String> keys = recipients(format, parts[3]);
    if (keys.size() != keyIds.size()) {
      throw new SealingException(
          "encryptedValue is malformed ("
              + keyIds.size()
              + " key ids but "
              + keys.size()
              + " wrapped keys)");
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      return new Envelope(
          format,
          keyIds,
          keys.stream().map(b64::decode).toList(),
          format.hasIv ? b64.decode(parts[4]) : NONE,
          b64.decode(parts[parts.length - 1]));
    } catch (IllegalArgumentException e) {
      throw new SealingException("encryptedValue is malformed (bad base64)");
    }
  }

  /** The comma-separated list of a v3 part; the whole part for v1 and v2, whose ids hold none. */
  private static List<String> recipients(Format format, String part) throws SealingException {
    if (format.maxRecipients == 1) {
      return List.of(part);
    }
    List<String> list = Arrays.asList(part.split(RECIPIENTS, -1));
    if (list.size() > format.maxRecipients) {
      throw new SealingException(
          "encryptedValue is malformed (more than "
              + format.maxRecipients
              + " recipients in format "
              + format.version
              + ")");
    }
    return list;
  }

  /**
   * The key ids of {@code oms:<version>:<keyIds>:}, or none when the text does not start so: at
   * most {@link Format#MAX_RECIPIENTS} ids of 16 hex digits each, so the header's length is bounded
   * whatever the text.
   */
  static List<String> keyIdsOf(String text) {
    String head = headerOf(text);
    return head.isEmpty()
        ? List.of()
        : List.of(
            head.substring(head.indexOf(':', MAGIC.length() + 1) + 1, head.length() - 1)
                .split(RECIPIENTS));
  }

  /**
   * {@code oms:<version>:<keyIds>:} as the text starts, or "" when it does not start so (at most
   * 279 characters: 16 key ids).
   */
  static String headerOf(String text) {
    String head = text.stripLeading();
    int version = head.indexOf(':');
    int ids = version < 0 ? -1 : head.indexOf(':', version + 1);
    int end = ids < 0 ? -1 : head.indexOf(':', ids + 1);
    if (end < 0 || !MAGIC.equals(head.substring(0, version))) {
      return "";
    }
    return Format.named(head.substring(version + 1, ids))
        .filter(format -> validKeyIds(format, head.substring(ids + 1, end)))
        .map(format -> head.substring(0, end + 1))
        .orElse("");
  }

  private static boolean validKeyIds(Format format, String ids) {
    String[] list = ids.split(RECIPIENTS, -1);
    return list.length <= format.maxRecipients
        && Arrays.stream(list).allMatch(id -> KEY_ID.matcher(id).matches());
  }

  private static SealingException notSealed() {
    return new SealingException(
        "encryptedValue is not a sealed value (expected oms:v3:..., oms:v2:... or oms:v1:...)");
  }
}
