package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One sealed value to seal again, for the OpenMetadataSecret {@code name} and {@code path} in the
 * request's own namespace: the namespace is never the item's, so a request can only re-seal values
 * that were sealed for its namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResealItem {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("metadata.name of the OpenMetadataSecret the value was sealed for.")
  private String name;

  @Required
  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("spec.path of the OpenMetadataSecret the value was sealed for.")
  private String path;

  @Required
  @Size(min = 1, max = OpenMetadataSecretSpec.MAX_ENCRYPTED_VALUE_LENGTH)
  @JsonPropertyDescription("The sealed value, spec.encryptedValue of that OpenMetadataSecret.")
  private String encryptedValue;

  public ResealItem() {}

  public ResealItem(String name, String path, String encryptedValue) {
    this.name = name;
    this.path = path;
    this.encryptedValue = encryptedValue;
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

  public String getEncryptedValue() {
    return encryptedValue;
  }

  public void setEncryptedValue(String encryptedValue) {
    this.encryptedValue = encryptedValue;
  }

  @Override
  public String toString() {
    return "ResealItem{name=" + name + ", path=" + path + ", encryptedValue=<sealed>}";
  }
}
