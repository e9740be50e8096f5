package org.openmetadata.secrets.bridge;

import io.fabric8.kubernetes.api.model.Status;

/** A request the bridge answers with a failure {@link Status}, having written nothing for it. */
public final class Refusal extends Exception {

  private final transient Status status;

  public Refusal(Status status) {
    super(status.getMessage(), null, false, false);
    this.status = status;
  }

  public Status status() {
    return status;
  }
}
