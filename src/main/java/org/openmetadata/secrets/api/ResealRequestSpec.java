package org.openmetadata.secrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The sealed values to seal again. Not made immutable by a CEL rule (comparing 100 values of 1.3 MB
 * is beyond the API server's cost budget for a rule): an edited spec raises the generation, and the
 * operator answers the new one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResealRequestSpec {

  /** Items per request: bounds the work and the status one request can cause. */
  public static final int MAX_ITEMS = 100;

  /** Extra recipients per request. */
  public static final int MAX_RECIPIENTS = 8;

  @Required
  @Size(min = 1, max = MAX_ITEMS)
  @JsonPropertyDescription(
      "The sealed values, each with the OpenMetadataSecret name and path it was sealed for in this"
          + " request's namespace. At most 100.")
  private List<ResealItem> items = new ArrayList<>();

  @Size(max = MAX_RECIPIENTS)
  @JsonPropertyDescription(
      "PEM public keys to seal to as well as the operator's active key (a value for several"
          + " clusters). Only keys the operator's administrator trusts (OM_SM_TRUSTED_RECIPIENTS) are"
          + " accepted; any other refuses the whole request. At most 8.")
  private List<String> addRecipients;

  public List<ResealItem> getItems() {
    return items;
  }

  public void setItems(List<ResealItem> items) {
    this.items = items == null ? new ArrayList<>() : items;
  }

  public List<String> getAddRecipients() {
    return addRecipients;
  }

  public void setAddRecipients(List<String> addRecipients) {
    this.addRecipients = addRecipients;
  }

  /** The recipients, none when unset. */
  public List<String> recipients() {
    return addRecipients == null ? List.of() : addRecipients;
  }
}
