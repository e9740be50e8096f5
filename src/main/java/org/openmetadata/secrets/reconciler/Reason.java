package org.openmetadata.secrets.reconciler;

/** The reasons of the Ready condition; also the reasons of the Warning events for failures. */
public enum Reason {
  Synced,
  Conflict,
  NameCollision,
  InvalidSpec,
  SourceNotFound,
  ApiError;

  public boolean ready() {
    return this == Synced;
  }
}
