package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The answer for one item: a sealed value, or why there is none. Never a value's plaintext. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResealResult {

  /** What became of an item. */
  public enum Outcome {
    /** Sealed again: {@code encryptedValue} is new. */
    Resealed,
    /** Already sealed as asked: the item's own value stands, unchanged (not repeated here). */
    Current,
    /** Not sealed again: {@code message} says why. */
    Refused
  }

  @JsonPropertyDescription("The item's name.")
  private String name;

  @JsonPropertyDescription("The item's path.")
  private String path;

  @JsonPropertyDescription(
      "Resealed, Current (already sealed as asked: keep the value as it is) or Refused.")
  private Outcome outcome;

  @JsonPropertyDescription("The value sealed again for the same scope, when Resealed.")
  private String encryptedValue;

  @JsonPropertyDescription("Why the item was refused.")
  private String message;

  public ResealResult() {}

  private ResealResult(
      String name, String path, Outcome outcome, String encryptedValue, String message) {
    this.name = name;
    this.path = path;
    this.outcome = outcome;
    this.encryptedValue = encryptedValue;
    this.message = message;
  }

  public static ResealResult resealed(ResealItem item, String encryptedValue) {
    return new ResealResult(item.getName(), item.getPath(), Outcome.Resealed, encryptedValue, null);
  }

  public static ResealResult current(ResealItem item) {
    return new ResealResult(item.getName(), item.getPath(), Outcome.Current, null, null);
  }

  public static ResealResult refused(ResealItem item, String message) {
    return new ResealResult(item.getName(), item.getPath(), Outcome.Refused, null, message);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public Outcome getOutcome() {
    return outcome;
  }

  public void setOutcome(Outcome outcome) {
    this.outcome = outcome;
  }

  public String getEncryptedValue() {
    return encryptedValue;
  }

  public void setEncryptedValue(String encryptedValue) {
    this.encryptedValue = encryptedValue;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public String toString() {
    return "ResealResult{name=" + name + ", path=" + path + ", outcome=" + outcome + "}";
  }
}
