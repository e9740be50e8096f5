package org.openmetadata.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.OpenMetadataSecretSpec;

class ValueSourcesTest {

  private static String sealed(String encryptedValue) {
    OpenMetadataSecretSpec spec = new OpenMetadataSecretSpec();
    spec.setEncryptedValue(encryptedValue);
    return ValueSources.describe(spec);
  }

  @Test
  void aSealedValueIsDescribedByTheKeysItIsSealedToNeverByItsText() {
    assertThat(sealed("oms:v2:0123456789abcdef:ZW5j:Y2lwaGVy"))
        .isEqualTo("sealed (key 0123456789abcdef)");
    assertThat(sealed("oms:v3:0123456789abcdef,fedcba9876543210:d3JhcA==,d3JhcA==:aXY=:Y2lwaGVy"))
        .isEqualTo("sealed (keys 0123456789abcdef,fedcba9876543210)");
  }
}
