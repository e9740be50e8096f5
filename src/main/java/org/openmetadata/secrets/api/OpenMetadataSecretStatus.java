package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Observed state. Never holds a secret value or raw exception text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenMetadataSecretStatus {

  @JsonPropertyDescription(
      "Name of the Secret this resource maps to (OpenMetadata's canonical name).")
  private String secretName;

  @JsonPropertyDescription(
      "Keyed HMAC-SHA-256 fingerprint of the value in the Secret, bound to this resource (16 hex"
          + " digits): shows that this resource's value changed, without revealing it; not comparable"
          + " between resources.")
  private String valueFingerprint;

  @JsonPropertyDescription(
      "Id of the operator's key that spec.encryptedValue is sealed to, read from the value's header"
          + " (never by opening it): of several recipients, the one the operator's key ring holds,"
          + " else the first. Absent when the value is not sealed. `kubectl om-secrets keys` lists"
          + " the keys; a key no value depends on can be retired.")
  private String sealingKeyId;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Standard conditions; Ready tells whether the Secret matches the spec.")
  private List<Condition> conditions = new ArrayList<>();

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getValueFingerprint() {
    return valueFingerprint;
  }

  public void setValueFingerprint(String valueFingerprint) {
    this.valueFingerprint = valueFingerprint;
  }

  public String getSealingKeyId() {
    return sealingKeyId;
  }

  public void setSealingKeyId(String sealingKeyId) {
    this.sealingKeyId = sealingKeyId;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  /** A deep copy. */
  public OpenMetadataSecretStatus copy() {
    OpenMetadataSecretStatus copy = new OpenMetadataSecretStatus();
    copy.secretName = secretName;
    copy.valueFingerprint = valueFingerprint;
    copy.sealingKeyId = sealingKeyId;
    copy.observedGeneration = observedGeneration;
    copy.conditions =
        conditions.stream()
            .map(c -> new ConditionBuilder(c).build())
            .collect(Collectors.toCollection(ArrayList::new));
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OpenMetadataSecretStatus other)) {
      return false;
    }
    return Objects.equals(secretName, other.secretName)
        && Objects.equals(valueFingerprint, other.valueFingerprint)
        && Objects.equals(sealingKeyId, other.sealingKeyId)
        && Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretName, valueFingerprint, sealingKeyId, observedGeneration, conditions);
  }
}
