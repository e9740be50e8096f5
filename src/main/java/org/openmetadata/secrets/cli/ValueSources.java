package org.openmetadata.secrets.cli;

import java.util.List;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;
import org.openmetadata.secrets.crypto.Sealer;

/** How the CLI shows where a value comes from, without the value. */
final class ValueSources {

  private ValueSources() {}

  static String describe(OpenMetadataSecretSpec spec) {
    if (spec == null) {
      return "-";
    }
    if (spec.getEncryptedValue() != null) {
      List<String> keyIds = Sealer.keyIdsOf(spec.getEncryptedValue());
      return "sealed (" + (keyIds.size() > 1 ? "keys " : "key ") + String.join(",", keyIds) + ")";
    }
    if (spec.getValueFrom() != null && spec.getValueFrom().getSecretKeyRef() != null) {
      return "Secret "
          + spec.getValueFrom().getSecretKeyRef().getName()
          + ", key "
          + spec.getValueFrom().getSecretKeyRef().getKey();
    }
    return spec.getValue() != null ? "inline value (hidden)" : "none";
  }
}
