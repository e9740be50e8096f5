package org.openmetadata.secrets.policy;

import org.openmetadata.secrets.api.Reason;

/** Why nothing is written: the rule broken, and a message that names fields, never a value. */
public record Denial(Rule rule, String message) {

  public Reason reason() {
    return rule.reason();
  }
}
