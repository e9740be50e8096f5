package org.openmetadata.secrets.reconciler;

import static org.openmetadata.secrets.api.Conditions.DELETIONS_PAUSED;
import static org.openmetadata.secrets.api.Conditions.READY;
import static org.openmetadata.secrets.api.Conditions.RECONCILING;
import static org.openmetadata.secrets.api.Conditions.STALLED;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.Reason;

/** Builds the status from an outcome; pure, so equal inputs give an equal status and no patch. */
public final class StatusBuilder {

  private StatusBuilder() {}

  public static OpenMetadataSecretStatus build(
      OpenMetadataSecretStatus previous, Long generation, Outcome outcome, Instant now) {
    return build(previous, generation, outcome, now, Optional.empty());
  }

  /**
   * @param deletionsPaused the breaker's explanation while it is open
   */
  public static OpenMetadataSecretStatus build(
      OpenMetadataSecretStatus previous,
      Long generation,
      Outcome outcome,
      Instant now,
      Optional<String> deletionsPaused) {
    OpenMetadataSecretStatus status = new OpenMetadataSecretStatus();
    status.setSecretName(
        outcome.secretName() != null
            ? outcome.secretName()
            : Optional.ofNullable(previous)
                .map(OpenMetadataSecretStatus::getSecretName)
                .orElse(null));
    // On failure the Secret keeps its last good value, and so does the fingerprint.
    status.setValueFingerprint(
        outcome.fingerprint() != null
            ? outcome.fingerprint()
            : Optional.ofNullable(previous)
                .map(OpenMetadataSecretStatus::getValueFingerprint)
                .orElse(null));
    status.setObservedGeneration(generation);
    Optional<Condition> before = Conditions.readyCondition(previous);
    String newStatus = outcome.ready() ? "True" : "False";
    String transition =
        before
            .filter(c -> newStatus.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(READY, newStatus, outcome, generation, transition));
    // The companion condition is True whenever present, so it keeps the Ready transition time
    // unless it just appeared.
    String companion = outcome.ready() ? null : outcome.reason().retried() ? RECONCILING : STALLED;
    if (companion != null) {
      String since =
          Conditions.condition(previous, companion)
              .map(Condition::getLastTransitionTime)
              .orElse(transition);
      conditions.add(condition(companion, "True", outcome, generation, since));
    }
    deletionsPaused.ifPresent(
        message -> conditions.add(deletionsPaused(previous, generation, message, now)));
    if (previous != null) {
      previous.getConditions().stream()
          .filter(
              c -> !List.of(READY, STALLED, RECONCILING, DELETIONS_PAUSED).contains(c.getType()))
          .forEach(conditions::add);
    }
    status.setConditions(conditions);
    return status;
  }

  private static Condition deletionsPaused(
      OpenMetadataSecretStatus previous, Long generation, String message, Instant now) {
    return new ConditionBuilder()
        .withType(DELETIONS_PAUSED)
        .withStatus("True")
        .withReason("CircuitBreakerOpen")
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(
            Conditions.condition(previous, DELETIONS_PAUSED)
                .map(Condition::getLastTransitionTime)
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString()))
        .build();
  }

  private static Condition condition(
      String type, String status, Outcome outcome, Long generation, String since) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(outcome.reason().name())
        .withMessage(outcome.message())
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }

  /** Whether the resource was Synced to {@code secretName} at this generation before now. */
  public static boolean wasSynced(
      OpenMetadataSecretStatus status, Long generation, String secretName) {
    return status != null
        && Objects.equals(status.getSecretName(), secretName)
        && Objects.equals(status.getObservedGeneration(), generation)
        && Conditions.readyCondition(status)
            .map(c -> Reason.Synced.name().equals(c.getReason()))
            .orElse(false);
  }
}
