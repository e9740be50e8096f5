package org.openmetadata.secrets.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.config.OperatorConfig;
import org.openmetadata.secrets.desired.DesiredSecret;

/**
 * The operator's desired Secret, as the CLI can compute it, with the value shown only on request.
 */
final class DesiredSecrets {

  static final String REDACTED = "<redacted>";

  private DesiredSecrets() {}

  /**
   * Secret {@code name} of {@code resource} holding {@code value}; a placeholder value when it is
   * null.
   */
  static Secret of(OpenMetadataSecret resource, String name, OperatorConfig config, byte[] value) {
    byte[] bytes = value == null ? new byte[0] : value;
    return DesiredSecret.build(resource, name, bytes, config.tags());
  }

  /** A copy whose data shows {@code shown} instead of the value. */
  static Secret withDataShownAs(Secret secret, String shown) {
    return new SecretBuilder(secret)
        .withData(null)
        .withStringData(Map.of(DesiredSecret.DATA_KEY, shown))
        .build();
  }

  static byte[] inlineValue(OpenMetadataSecret resource) {
    return resource.getSpec().getValue() == null
        ? null
        : resource.getSpec().getValue().getBytes(StandardCharsets.UTF_8);
  }
}
