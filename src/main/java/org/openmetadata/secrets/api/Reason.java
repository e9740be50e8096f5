package org.openmetadata.secrets.api;

/** The reasons of the Ready condition; also the reasons of the Warning events for failures. */
public enum Reason {
  Synced,
  Conflict,
  NameCollision,
  InvalidSpec,
  SourceNotFound,
  PolicyDenied,
  DecryptionFailed,
  ApiError;

  public boolean ready() {
    return this == Synced;
  }

  /**
   * Failures the operator retries by itself (Reconciling); the others wait for a change (Stalled).
   */
  public boolean retried() {
    return this == ApiError;
  }
}
