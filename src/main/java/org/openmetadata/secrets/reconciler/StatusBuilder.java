package org.openmetadata.secrets.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;

/** Builds the status from an outcome; pure, so equal inputs give an equal status and no patch. */
public final class StatusBuilder {

  public static final String READY = "Ready";

  private StatusBuilder() {}

  public static OpenMetadataSecretStatus build(
      OpenMetadataSecretStatus previous, Long generation, Outcome outcome, Instant now) {
    OpenMetadataSecretStatus status = new OpenMetadataSecretStatus();
    status.setSecretName(
        outcome.secretName() != null
            ? outcome.secretName()
            : Optional.ofNullable(previous).map(OpenMetadataSecretStatus::getSecretName).orElse(null));
    status.setObservedGeneration(generation);
    Optional<Condition> before = readyCondition(previous);
    String newStatus = outcome.ready() ? "True" : "False";
    String transition =
        before
            .filter(c -> newStatus.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        new ConditionBuilder()
            .withType(READY)
            .withStatus(newStatus)
            .withReason(outcome.reason().name())
            .withMessage(outcome.message())
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build());
    if (previous != null) {
      previous.getConditions().stream().filter(c -> !READY.equals(c.getType())).forEach(conditions::add);
    }
    status.setConditions(conditions);
    return status;
  }

  public static Optional<Condition> readyCondition(OpenMetadataSecretStatus status) {
    return status == null
        ? Optional.empty()
        : status.getConditions().stream().filter(c -> READY.equals(c.getType())).findFirst();
  }

  /** Whether the resource was Synced to {@code secretName} at this generation before now. */
  public static boolean wasSynced(OpenMetadataSecretStatus status, Long generation, String secretName) {
    return status != null
        && Objects.equals(status.getSecretName(), secretName)
        && Objects.equals(status.getObservedGeneration(), generation)
        && readyCondition(status).map(c -> Reason.Synced.name().equals(c.getReason())).orElse(false);
  }
}
