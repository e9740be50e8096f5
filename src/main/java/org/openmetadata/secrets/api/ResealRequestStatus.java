package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** The operator's answer. Holds sealed values and safe messages only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResealRequestStatus {

  @JsonPropertyDescription("The metadata.generation this status answers.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready is True once every item has an answer (reason Completed), False when the whole"
          + " request was refused (UntrustedRecipient).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The id of the operator's active key the values were sealed to.")
  private String activeKeyId;

  @JsonPropertyDescription(
      "When the request was answered; the operator deletes it some minutes later.")
  private String completionTime;

  @JsonPropertyDescription("One answer per item, in the order of spec.items.")
  private List<ResealResult> items = new ArrayList<>();

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

  public String getActiveKeyId() {
    return activeKeyId;
  }

  public void setActiveKeyId(String activeKeyId) {
    this.activeKeyId = activeKeyId;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public List<ResealResult> getItems() {
    return items;
  }

  public void setItems(List<ResealResult> items) {
    this.items = items == null ? new ArrayList<>() : items;
  }
}
