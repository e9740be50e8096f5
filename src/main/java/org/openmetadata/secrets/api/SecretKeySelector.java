package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the same namespace as the custom resource. */
public class SecretKeySelector {

  /** Kubernetes' own limits on a Secret name (a DNS-1123 subdomain) and a data key. */
  public static final int MAX_NAME_LENGTH = 253;

  public static final String NAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  public static final int MAX_KEY_LENGTH = 253;
  public static final String KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  @Required
  @Size(min = 1, max = MAX_NAME_LENGTH)
  @Pattern(NAME_PATTERN)
  @JsonPropertyDescription("Name of a Secret in the same namespace as this resource.")
  private String name;

  @Required
  @Size(min = 1, max = MAX_KEY_LENGTH)
  @Pattern(KEY_PATTERN)
  @JsonPropertyDescription("Data key of that Secret whose bytes become the value.")
  private String key;

  public SecretKeySelector() {}

  public SecretKeySelector(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public SecretKeySelector copy() {
    return new SecretKeySelector(name, key);
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
