package org.openmetadata.secrets.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmetadata.secrets.TestResources;
import org.openmetadata.secrets.api.OpenMetadataSecret;
import org.openmetadata.secrets.api.OpenMetadataSecretStatus;

/** How long a resource has not been Ready is read from its status, so a restart keeps it. */
class NotReadySinceTest {

  private static OpenMetadataSecret withReady(String status, String since) {
    OpenMetadataSecret resource = TestResources.withValue("om", "db", "database/db/password", "v");
    OpenMetadataSecretStatus s = new OpenMetadataSecretStatus();
    s.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus(status)
                .withReason("SourceNotFound")
                .withLastTransitionTime(since)
                .build()));
    resource.setStatus(s);
    return resource;
  }

  @Test
  void aResourceNotReadyAlreadyHasWaitedSinceItsReadyConditionTurnedFalse() {
    assertThat(
            OpenMetadataSecretReconciler.notReadySince(withReady("False", "2026-01-01T10:00:00Z")))
        .contains(Instant.parse("2026-01-01T10:00:00Z"));
  }

  @Test
  void aReadyANewOrAnUnreadableStatusGivesNoTime() {
    assertThat(
            OpenMetadataSecretReconciler.notReadySince(withReady("True", "2026-01-01T10:00:00Z")))
        .isEmpty();
    assertThat(OpenMetadataSecretReconciler.notReadySince(withReady("False", "yesterday")))
        .isEmpty();
    assertThat(
            OpenMetadataSecretReconciler.notReadySince(
                TestResources.withValue("om", "db", "database/db/password", "v")))
        .isEmpty();
  }
}
