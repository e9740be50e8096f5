package org.openmetadata.secrets.policy;

import java.util.Locale;
import org.openmetadata.secrets.api.Reason;

/**
 * The admission rules, in the order {@link Admission} applies them. Each names the Ready reason a
 * refusal gets: a spec that cannot work as written is InvalidSpec, one the administrator's settings
 * forbid is PolicyDenied. Between {@link #PREFIX} and {@link #EMPTY} the operator checks that no
 * older resource holds the Secret name, which needs the cluster and so is the reconciler's own.
 */
public enum Rule {
  /** The spec's fields, beyond what the CRD schema enforces ({@link SpecValidator}). */
  SPEC(Reason.InvalidSpec),
  /** The path gives a valid Secret name. */
  NAME(Reason.InvalidSpec),
  /** Plain text in the resource, unless OM_SM_ALLOW_PLAINTEXT. */
  PLAINTEXT(Reason.PolicyDenied),
  /** The path matches OM_SM_ALLOWED_PATHS. */
  PATH(Reason.PolicyDenied),
  /** The Secret name starts with a prefix of this configuration. */
  PREFIX(Reason.PolicyDenied),
  /** OpenMetadata stores no Secret for an empty value. */
  EMPTY(Reason.InvalidSpec),
  /**
   * OpenMetadata can read the value back and save it again unchanged ({@link OpenMetadataValue}).
   */
  UNREADABLE(Reason.InvalidSpec),
  /** The value fits OM_SM_MAX_VALUE_BYTES. */
  SIZE(Reason.PolicyDenied);

  private final Reason reason;

  Rule(Reason reason) {
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The rule as the policy metric labels it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
