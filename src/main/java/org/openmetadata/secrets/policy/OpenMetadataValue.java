package org.openmetadata.secrets.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which values OpenMetadata can read back and save again unchanged. Its readers decode the data key
 * as strict UTF-8 (the Python reader fails on anything else and then uses the literal {@code
 * secret:<name>} reference as the credential), and its server treats a value starting with {@code
 * secret:} as a reference and one starting with {@code fernet:} as its own ciphertext the next time
 * it saves the connection. Its server never writes such values, so neither do we.
 */
public final class OpenMetadataValue {

  private OpenMetadataValue() {}

  /** Why OpenMetadata could not round-trip {@code value}, or empty when it can. */
  public static Optional<String> problem(byte[] value) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.of("is not valid UTF-8; OpenMetadata's readers cannot decode it");
    }
    return problem(text);
  }

  /** The same rules for a value given as text, which must also encode to UTF-8 as it is. */
  public static Optional<String> problem(String value) {
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
      return Optional.of("holds an unpaired UTF-16 surrogate, which has no UTF-8 form");
    }
    if (value.startsWith("secret:")) {
      return Optional.of(
          "starts with 'secret:'; OpenMetadata's server would take it for a reference to"
              + " another Secret the next time it saves the connection");
    }
    if (value.startsWith("fernet:")) {
      return Optional.of(
          "starts with 'fernet:'; OpenMetadata's server would try to decrypt it with its"
              + " Fernet key the next time it saves the connection");
    }
    return Optional.empty();
  }
}
