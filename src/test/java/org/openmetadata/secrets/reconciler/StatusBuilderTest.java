package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.api.Conditions;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;
import org.openmetadata.secrets.api.Reason;

class StatusBuilderTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

  @Test
  void firstStatusCarriesNameGenerationAndReadyCondition() {
    OpenMetadataSecretStatus status = StatusBuilder.build(null, 3L, Outcome.synced("s1"), T0);
    assertThat(status.getSecretName()).isEqualTo("s1");
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    var ready = Conditions.readyCondition(status).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getReason()).isEqualTo("Synced");
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
  }

  @Test
  void sameOutcomeLaterGivesAnEqualStatusSoNothingIsPatched() {
    OpenMetadataSecretStatus first = StatusBuilder.build(null, 1L, Outcome.synced("s1"), T0);
    OpenMetadataSecretStatus again = StatusBuilder.build(first, 1L, Outcome.synced("s1"), T1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void transitionTimeIsKeptWhileTheStatusStaysFalseEvenIfTheReasonChanges() {
    OpenMetadataSecretStatus conflict =
        StatusBuilder.build(null, 1L, Outcome.failed(Reason.Conflict, "foreign", "s1"), T0);
    OpenMetadataSecretStatus missing =
        StatusBuilder.build(conflict, 2L, Outcome.failed(Reason.SourceNotFound, "gone", "s1"), T1);
    var ready = Conditions.readyCondition(missing).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("SourceNotFound");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void flippingToReadyRecordsANewTransitionTime() {
    OpenMetadataSecretStatus failed =
        StatusBuilder.build(null, 1L, Outcome.failed(Reason.Conflict, "foreign", "s1"), T0);
    var ready =
        Conditions.readyCondition(StatusBuilder.build(failed, 1L, Outcome.synced("s1"), T1))
            .orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T11:00:00Z");
  }

  @Test
  void secretNameIsKeptWhenTheOutcomeDoesNotKnowIt() {
    OpenMetadataSecretStatus synced = StatusBuilder.build(null, 1L, Outcome.synced("s1"), T0);
    OpenMetadataSecretStatus invalid =
        StatusBuilder.build(synced, 2L, Outcome.failed(Reason.InvalidSpec, "bad", null), T1);
    assertThat(invalid.getSecretName()).isEqualTo("s1");
  }

  @Test
  void failuresThatNeedAChangeAreStalledAndApiErrorsAreReconcilingForKstatus() {
    OpenMetadataSecretStatus conflict =
        StatusBuilder.build(null, 1L, Outcome.failed(Reason.Conflict, "foreign", "s1"), T0);
    assertThat(conflict.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=False/Conflict", "Stalled=True/Conflict");
    OpenMetadataSecretStatus apiError =
        StatusBuilder.build(conflict, 1L, Outcome.failed(Reason.ApiError, "HTTP 503", "s1"), T1);
    assertThat(apiError.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=False", "Reconciling=True");
    assertThat(StatusBuilder.build(apiError, 1L, Outcome.synced("s1"), T1).getConditions())
        .extracting(c -> c.getType())
        .containsExactly("Ready");
  }

  @Test
  void stalledKeepsItsTransitionTimeWhileItLasts() {
    OpenMetadataSecretStatus first =
        StatusBuilder.build(null, 1L, Outcome.failed(Reason.Conflict, "a", "s1"), T0);
    OpenMetadataSecretStatus later =
        StatusBuilder.build(first, 2L, Outcome.failed(Reason.InvalidSpec, "b", "s1"), T1);
    assertThat(later.getConditions().get(1).getLastTransitionTime())
        .isEqualTo("2026-01-01T10:00:00Z");
  }

  @Test
  void otherConditionsAreKept() {
    OpenMetadataSecretStatus previous = StatusBuilder.build(null, 1L, Outcome.synced("s1"), T0);
    previous
        .getConditions()
        .add(new ConditionBuilder().withType("Other").withStatus("True").build());
    assertThat(StatusBuilder.build(previous, 1L, Outcome.synced("s1"), T1).getConditions())
        .extracting(c -> c.getType())
        .containsExactly("Ready", "Other");
  }

  @Test
  void wasSyncedOnlyForTheSameSecretAndGeneration() {
    OpenMetadataSecretStatus synced = StatusBuilder.build(null, 4L, Outcome.synced("s1"), T0);
    assertThat(StatusBuilder.wasSynced(synced, 4L, "s1")).isTrue();
    assertThat(StatusBuilder.wasSynced(synced, 5L, "s1")).isFalse();
    assertThat(StatusBuilder.wasSynced(synced, 4L, "s2")).isFalse();
    assertThat(StatusBuilder.wasSynced(null, 4L, "s1")).isFalse();
  }
}
