package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the same namespace as the custom resource. */
public class SecretKeySelector {

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Name of a Secret in the same namespace as this resource.")
  private String name;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Data key of that Secret whose bytes become the value.")
  private String key;

  public SecretKeySelector() {}

  public SecretKeySelector(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
