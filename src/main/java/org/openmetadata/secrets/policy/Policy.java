package org.openmetadata.secrets.policy;

import java.util.List;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;

/**
 * The rules every resource must pass before the operator writes anything, applied centrally rather
 * than trusted to each writer. Pure: {@link #check} returns the first denial or nothing.
 *
 * @param allowPlaintext whether {@code spec.value} (plain text in the resource) is accepted
 * @param allowedPaths paths a resource may use; anything else is denied
 * @param maxValueBytes the largest value accepted, well below the 1 MiB Secret limit
 * @param namePrefix every Secret name must start with it ({@code <prefix>-<clusterName>-})
 */
public record Policy(boolean allowPlaintext, List<PathPattern> allowedPaths, int maxValueBytes, String namePrefix) {

  public static final int SECRET_LIMIT_BYTES = 1024 * 1024;

  /** What a denial says, and which rule it broke (the metric label). */
  public record Denial(String rule, String message) {}

  public Policy {
    allowedPaths = List.copyOf(allowedPaths);
  }

  /** Rules that need only the spec and the Secret name. */
  public Optional<Denial> check(OpenMetadataSecretSpec spec, String secretName) {
    if (spec.getValue() != null && !allowPlaintext) {
      return Optional.of(new Denial("plaintext",
          "plain-text spec.value is not accepted here; use encryptedValue (seal) or valueFrom"));
    }
    if (allowedPaths.stream().noneMatch(p -> p.matches(spec.getPath()))) {
      return Optional.of(new Denial("path", "path " + spec.getPath() + " is not allowed (allowed: "
          + String.join(", ", allowedPaths.stream().map(PathPattern::toString).toList()) + ")"));
    }
    if (!secretName.startsWith(namePrefix)) {
      return Optional.of(new Denial("prefix", "Secret name " + secretName + " does not start with "
          + namePrefix + "; the operator writes no other names"));
    }
    return Optional.empty();
  }

  /** The size rule, once the value is known. */
  public Optional<Denial> checkSize(int valueBytes) {
    return valueBytes > maxValueBytes
        ? Optional.of(new Denial("size", "value is " + valueBytes + " bytes; the limit is " + maxValueBytes))
        : Optional.empty();
  }
}
