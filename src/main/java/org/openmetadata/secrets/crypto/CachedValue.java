package org.openmetadata.secrets.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How a cache holds a resource's value without holding up to the 1,336,000 characters its author
 * chose: as {@code sha256:<64 hex digits>} of the value, or, for a sealed value, its header {@code
 * oms:<version>:<keyIds>:} then that digest (whether the key ring still holds one of its keys is
 * asked of the cached resource). A cache may keep values up to a length whole: the operator keeps
 * those of {@link #KEPT_WHOLE_UP_TO} characters, so a new resource's value needs no read from the
 * API server, while memory still follows the number of resources, not their bytes
 * (docs/benchmarks.md, "Large values").
 *
 * <p>A text already in digest form is kept as it is, so a copy made through JSON (fabric8's clone)
 * reads back the same; and a cached text in digest form is never taken for the value ({@link
 * #isWhole}), even when an author chose that very text.
 */
public final class CachedValue {

  private static final String PREFIX = "sha256:";

  /**
   * Values and sealed values of at most this many characters stay whole in the operator's cache: a
   * sealed value of up to ~650 bytes, or one of 40 bytes sealed to 5 clusters; 10 MiB at most for
   * 10,000 resources.
   */
  public static final int KEPT_WHOLE_UP_TO = 1024;

  /** Longer than any digest form (a sealed value's after its header); longer texts are values. */
  private static final int MAX_DIGEST_FORM = 160;

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private CachedValue() {}

  /**
   * The cached form of an inline value: itself up to {@code keptUpTo} characters, else its digest.
   * An empty one stays empty, so the reconciler can still refuse it as such.
   */
  public static String of(String value, int keptUpTo) {
    if (value == null || value.isEmpty() || value.length() <= keptUpTo || isDigest(value)) {
      return value;
    }
    return PREFIX + sha256(value);
  }

  /** The digest form of an inline value. */
  public static String digest(String value) {
    return of(value, 0);
  }

  /**
   * The cached form of a sealed value: itself up to {@code keptUpTo} characters, else its header,
   * if it has one, then the digest of the whole text.
   */
  public static String ofSealed(String sealed, int keptUpTo) {
    if (sealed == null || sealed.length() <= keptUpTo) {
      return sealed;
    }
    // Bounded (at most 16 key ids of 16 hex digits); anything else is no header and is not kept.
    String header = Sealer.headerOf(sealed);
    if (isDigest(afterHeader(sealed, header))) {
      return sealed;
    }
    return header + PREFIX + sha256(sealed);
  }

  /** The digest form of a sealed value. */
  public static String digestSealed(String sealed) {
    return ofSealed(sealed, 0);
  }

  /** Whether a cached inline value is the value itself rather than its digest. */
  public static boolean isWhole(String cached) {
    return cached != null && !isDigest(cached);
  }

  /** Whether a cached sealed value is the sealed text itself rather than its digest form. */
  public static boolean isWholeSealed(String cached) {
    return cached != null && !isDigest(afterHeader(cached, Sealer.headerOf(cached)));
  }

  private static String afterHeader(String sealed, String header) {
    return sealed.stripLeading().substring(header.length());
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
}
