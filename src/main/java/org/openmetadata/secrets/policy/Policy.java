package org.openmetadata.secrets.policy;

import java.util.List;
import java.util.Optional;

/**
 * The administrator's rules every resource must pass before the operator writes anything, applied
 * centrally rather than trusted to each writer. Pure: each check returns the first denial or
 * nothing.
 *
 * @param allowPlaintext whether {@code spec.value} (plain text in the resource) is accepted
 * @param allowedPaths paths a resource may use; anything else is denied
 * @param maxValueBytes the largest value accepted, well below the 1 MiB Secret limit
 * @param namePrefixes every Secret name must start with one of them (the cluster part, the
 *     app-config family)
 */
public record Policy(
    boolean allowPlaintext,
    List<PathPattern> allowedPaths,
    int maxValueBytes,
    List<String> namePrefixes) {

  public static final int SECRET_LIMIT_BYTES = 1024 * 1024;

  public Policy {
    allowedPaths = List.copyOf(allowedPaths);
    namePrefixes = List.copyOf(namePrefixes);
  }

  /**
   * Rules that need only where a value goes and how it is given.
   *
   * @param plaintext whether the value is plain text in the resource
   */
  public Optional<Denial> check(String path, String secretName, boolean plaintext) {
    if (plaintext && !allowPlaintext) {
      return Optional.of(
          new Denial(
              Rule.PLAINTEXT,
              "plain-text spec.value is not accepted here; use encryptedValue (seal) or valueFrom"));
    }
    if (allowedPaths.stream().noneMatch(p -> p.matches(path))) {
      return Optional.of(
          new Denial(
              Rule.PATH,
              "path "
                  + path
                  + " is not allowed (allowed: "
                  + String.join(", ", allowedPaths.stream().map(PathPattern::toString).toList())
                  + ")"));
    }
    if (namePrefixes.stream().noneMatch(secretName::startsWith)) {
      return Optional.of(
          new Denial(
              Rule.PREFIX,
              "Secret name "
                  + secretName
                  + " does not start with "
                  + String.join(" or ", namePrefixes)
                  + "; the operator writes no other names"));
    }
    return Optional.empty();
  }

  /** The size rule, once the value is known. */
  public Optional<Denial> checkSize(int valueBytes) {
    return valueBytes > maxValueBytes
        ? Optional.of(
            new Denial(
                Rule.SIZE, "value is " + valueBytes + " bytes; the limit is " + maxValueBytes))
        : Optional.empty();
  }
}
