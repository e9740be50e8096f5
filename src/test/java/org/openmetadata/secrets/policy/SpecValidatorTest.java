package org.openmetadata.secrets.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.SecretKeySelector;
import org.openmetadata.secrets.api.ValueSource;

class SpecValidatorTest {

  @Test
  void aSpecWithOnePathAndOneSourceIsValid() {
    assertThat(SpecValidator.validate(TestResources.withValue("ns", "n", "a/b", "v").getSpec()))
        .isEmpty();
    assertThat(
            SpecValidator.validate(
                TestResources.fromSecret("ns", "n", "a/b", "src", "k").getSpec()))
        .isEmpty();
  }

  @Test
  void rejectsMissingPathAndSpec() {
    assertThat(SpecValidator.validate(null)).contains("spec is missing");
    assertThat(SpecValidator.validate(TestResources.withValue("ns", "n", " ", "v").getSpec()))
        .contains("spec.path is required");
  }

  @Test
  void requiresExactlyOneValueSource() {
    var both = TestResources.withValue("ns", "n", "a/b", "v");
    both.getSpec().setValueFrom(new ValueSource(new SecretKeySelector("s", "k")));
    assertThat(SpecValidator.validate(both.getSpec()))
        .contains("exactly one value source must be set: value, valueFrom or encryptedValue");
    var none = TestResources.withValue("ns", "n", "a/b", null);
    assertThat(SpecValidator.validate(none.getSpec()))
        .contains("exactly one value source must be set: value, valueFrom or encryptedValue");
  }

  @Test
  void rejectsIncompleteSecretKeyRef() {
    assertThat(
            SpecValidator.validate(TestResources.fromSecret("ns", "n", "a/b", "src", "").getSpec()))
        .contains("spec.valueFrom.secretKeyRef needs a name and a key");
    var noRef = TestResources.fromSecret("ns", "n", "a/b", "src", "k");
    noRef.getSpec().setValueFrom(new ValueSource(null));
    assertThat(SpecValidator.validate(noRef.getSpec()))
        .contains("spec.valueFrom.secretKeyRef needs a name and a key");
  }

  @Test
  void toStringNeverShowsTheValue() {
    assertThat(TestResources.withValue("ns", "n", "a/b", "hunter2").toString())
        .doesNotContain("hunter2")
        .contains("<redacted>");
  }
}
