package org.openmetadata.secrets.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * The condition types of an OpenMetadataSecret's status: part of the CRD's contract, read by the
 * bridge, the kubectl plugin, kstatus tools and users' scripts. Their reasons are {@link Reason}s.
 */
public final class Conditions {

  public static final String READY = "Ready";

  /** kstatus (Flux, kpt) reads these two: failing until someone acts, or still working on it. */
  public static final String STALLED = "Stalled";

  public static final String RECONCILING = "Reconciling";

  /** Present while the deletion circuit breaker is open. */
  public static final String DELETIONS_PAUSED = "DeletionsPaused";

  private Conditions() {}

  public static Optional<Condition> condition(OpenMetadataSecretStatus status, String type) {
    return status == null
        ? Optional.empty()
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static Optional<Condition> readyCondition(OpenMetadataSecretStatus status) {
    return condition(status, READY);
  }
}
