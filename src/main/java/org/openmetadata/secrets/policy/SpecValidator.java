package org.openmetadata.secrets.policy;

import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.api.SecretKeySelector;

/**
 * Checks a spec beyond what the CRD schema enforces, so a resource that slipped past the API server
 * (an old CRD, the mock server, a direct etcd write) still gets a clear InvalidSpec. An empty value
 * is the value rules' ({@link Admission#value}), wherever it comes from.
 */
public final class SpecValidator {

  private SpecValidator() {}

  /** A problem to report, or empty when the spec is usable. */
  public static Optional<String> validate(OpenMetadataSecretSpec spec) {
    if (spec == null) {
      return Optional.of("spec is missing");
    }
    if (spec.getPath() == null || spec.getPath().isBlank()) {
      return Optional.of("spec.path is required");
    }
    int sources =
        (spec.getValue() != null ? 1 : 0)
            + (spec.getValueFrom() != null ? 1 : 0)
            + (spec.getEncryptedValue() != null ? 1 : 0);
    if (sources != 1) {
      return Optional.of(
          "exactly one value source must be set: value, valueFrom or encryptedValue");
    }
    if (spec.getValueFrom() != null) {
      SecretKeySelector ref = spec.getValueFrom().getSecretKeyRef();
      if (ref == null || isBlank(ref.getName()) || isBlank(ref.getKey())) {
        return Optional.of("spec.valueFrom.secretKeyRef needs a name and a key");
      }
    }
    return Optional.empty();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
