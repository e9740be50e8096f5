package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The desired secret. Field descriptions live in {@link JsonPropertyDescription} because both
 * fabric8 CRD generators read annotations from compiled classes and ignore Javadoc.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.value), has(self.valueFrom), has(self.encryptedValue)].filter(x, x).size() == 1",
    message = "exactly one value source must be set: value, valueFrom or encryptedValue")
public class OpenMetadataSecretSpec {

  @Required
  @Size(min = 1, max = 1024)
  @ValidationRule(value = "self == oldSelf", message = "path is immutable")
  @JsonPropertyDescription(
      "OpenMetadata's secret path, split into components on '/', for example"
          + " database/myservice/password or /bot/ingestion-bot/config/jwttoken. The Secret name is"
          + " <prefix>-<clusterName>-<components>, sanitized as OpenMetadata does. Immutable.")
  private String path;

  @Size(min = 1)
  @JsonPropertyDescription(
      "The secret value in plain text. Readable by anyone who can read this resource; prefer"
          + " valueFrom in shared clusters.")
  private String value;

  @JsonPropertyDescription("Takes the value from a key of another Secret in this namespace.")
  private ValueSource valueFrom;

  @Size(min = 1)
  @JsonPropertyDescription(
      "The value sealed to the operator's public key (oms:v1:...), made by the seal command. Opens"
          + " only for this namespace, name and path; safe to commit to Git.")
  private String encryptedValue;

  @JsonPropertyDescription(
      "Delete (default): the Secret is garbage-collected with this resource. Retain: the operator"
          + " releases the Secret on deletion so it outlives this resource.")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(
      "Write an immutable Secret (default false). A value change then replaces the Secret.")
  private Boolean immutable;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public ValueSource getValueFrom() {
    return valueFrom;
  }

  public void setValueFrom(ValueSource valueFrom) {
    this.valueFrom = valueFrom;
  }

  public String getEncryptedValue() {
    return encryptedValue;
  }

  public void setEncryptedValue(String encryptedValue) {
    this.encryptedValue = encryptedValue;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public Boolean getImmutable() {
    return immutable;
  }

  public void setImmutable(Boolean immutable) {
    this.immutable = immutable;
  }

  /** The policy in force; unset means Delete, and no default is written back into the spec. */
  public DeletionPolicy effectiveDeletionPolicy() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  public boolean effectiveImmutable() {
    return Boolean.TRUE.equals(immutable);
  }

  /** Redacts the value: the framework and fabric8 log resources through toString. */
  @Override
  public String toString() {
    return "OpenMetadataSecretSpec{path="
        + path
        + ", value="
        + (value == null ? "null" : "<redacted>")
        + ", valueFrom="
        + (valueFrom == null || valueFrom.getSecretKeyRef() == null
            ? "null"
            : valueFrom.getSecretKeyRef().getName() + "/" + valueFrom.getSecretKeyRef().getKey())
        + ", encryptedValue="
        + (encryptedValue == null ? "null" : "<sealed>")
        + ", deletionPolicy="
        + deletionPolicy
        + ", immutable="
        + immutable
        + "}";
  }
}
