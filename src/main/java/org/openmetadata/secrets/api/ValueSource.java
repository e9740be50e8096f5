package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where the value comes from when it is not written inline. */
public class ValueSource {

  @Required
  @JsonPropertyDescription(
      "A key of a Secret in this namespace; the operator follows changes to it (label the source"
          + " Secret secrets.open-metadata.org/source=true for changes to apply within seconds).")
  private SecretKeySelector secretKeyRef;

  public ValueSource() {}

  public ValueSource(SecretKeySelector secretKeyRef) {
    this.secretKeyRef = secretKeyRef;
  }

  /** A deep copy. */
  public ValueSource copy() {
    return new ValueSource(secretKeyRef == null ? null : secretKeyRef.copy());
  }

  public SecretKeySelector getSecretKeyRef() {
    return secretKeyRef;
  }

  public void setSecretKeyRef(SecretKeySelector secretKeyRef) {
    this.secretKeyRef = secretKeyRef;
  }
}
