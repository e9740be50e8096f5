package org.openmetadata.secrets.reconciler;

import org.openmetadata.secrets.api.Reason;

/** The reasons of the Kubernetes Events the operator records; one vocabulary for code and docs. */
public enum EventReason {
  Updated(false),
  Replaced(false),
  Adopted(false),
  DriftRepaired(false),
  Released(false),
  DeletionsResumed(false),
  Conflict(true),
  NameCollision(true),
  InvalidSpec(true),
  SourceNotFound(true),
  PolicyDenied(true),
  DecryptionFailed(true),
  ApiError(true),
  DeletionsPaused(true);

  private final boolean warning;

  EventReason(boolean warning) {
    this.warning = warning;
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }

  /** The Warning event of a failing Ready reason. */
  public static EventReason of(Reason reason) {
    return valueOf(reason.name());
  }
}
