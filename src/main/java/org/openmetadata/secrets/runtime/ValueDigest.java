package org.openmetadata.secrets.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.openmetadata.secrets.crypto.Sealer;

/**
 * Reads {@code spec.value} as {@code sha256:<64 hex digits>} of the value, so the operator's
 * informer caches hold a resource's digest rather than the up to 1,336,000 characters its author
 * chose: memory then follows the number of resources, not their bytes (docs/benchmarks.md, "Large
 * values"). The reconciler never takes a value from a cached resource; it reads the resource from
 * the API server when the status does not prove that the Secret already holds this generation's
 * value.
 *
 * <p>{@link Sealed} does the same for {@code spec.encryptedValue} and keeps its header {@code
 * oms:<version>:<keyIds>:}: whether the key ring still holds one of the value's keys is asked of
 * the cached resource.
 *
 * <p>A text already in digest form is kept as it is, so a copy made through JSON (JOSDK clones each
 * resource it hands to the reconciler) reads back the same.
 */
public class ValueDigest extends StdDeserializer<String> {

  public static final String PREFIX = "sha256:";

  /** Longer than any digest form (a sealed value's after its header); longer texts are values. */
  private static final int MAX_DIGEST_FORM = 160;

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public ValueDigest() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
    return of(StringDeserializer.instance.deserialize(p, ctx));
  }

  /**
   * The digest form of a value; an empty one stays empty, so the reconciler can still refuse it as
   * such.
   */
  public static String of(String value) {
    if (value == null || value.isEmpty() || isDigest(value)) {
      return value;
    }
    return PREFIX + sha256(value);
  }

  /**
   * The digest form of a sealed value: its header, if it has one, then the digest of the whole
   * text.
   */
  public static String ofSealed(String sealed) {
    if (sealed == null) {
      return null;
    }
    // Bounded (at most 16 key ids of 16 hex digits); anything else is no header and is not kept.
    String header = Sealer.headerOf(sealed);
    if (isDigest(sealed.stripLeading().substring(header.length()))) {
      return sealed;
    }
    return header + PREFIX + sha256(sealed);
  }

  private static boolean isDigest(String text) {
    return text.length() <= MAX_DIGEST_FORM && DIGEST.matcher(text).matches();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** {@code spec.encryptedValue}: see {@link ValueDigest}. */
  public static final class Sealed extends ValueDigest {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return ofSealed(StringDeserializer.instance.deserialize(p, ctx));
    }
  }
}
